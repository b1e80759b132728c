package main

import "syscall"

// mmapPopulate asks Linux to map the store's pages in at open.
const mmapPopulate = syscall.MAP_POPULATE
