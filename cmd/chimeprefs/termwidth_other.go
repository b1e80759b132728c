//go:build !(linux || darwin)

package main

import "os"

// ttyWidth does not ask the terminal on this system: the table output
// assumes 80 columns, as the AWS CLI does when it cannot tell.
func ttyWidth(*os.File) (int, bool) { return 0, false }
