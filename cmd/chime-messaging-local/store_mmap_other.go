//go:build !linux

package main

// mmapPopulate is Linux's MAP_POPULATE; elsewhere pages fault in as read.
const mmapPopulate = 0
