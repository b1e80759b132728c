// Command hello is the size baseline: one net/http GET, its status printed.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	url := "https://example.com/"
	if len(os.Args) > 1 {
		url = os.Args[1]
	}
	resp, err := http.Get(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = resp.Body.Close()
	fmt.Println(resp.Status)
}
