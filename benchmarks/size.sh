#!/bin/sh
# size.sh builds three minimal programs with -trimpath -ldflags="-s -w" and
# prints their sizes and how much our client adds over a net/http hello
# world compared with what aws-sdk-go-v2 (config.LoadDefaultConfig plus the
# client) adds:
#
#   ratio = (ours - hello) / (awsv2 - hello)    budget: <= 0.34
#
# Usage: ./size.sh            (from anywhere; CGO_ENABLED defaults to 0)
# Exit status: 0 within budget, 1 over budget, 2 build failure.
set -eu
cd "$(dirname "$0")"
export CGO_ENABLED="${CGO_ENABLED:-0}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

for p in hello ours awsv2; do
	if ! go build -trimpath -ldflags="-s -w" -o "$out/$p" "./size/$p"; then
		echo "size.sh: building ./size/$p failed" >&2
		exit 2
	fi
done

hello=$(wc -c <"$out/hello")
ours=$(wc -c <"$out/ours")
awsv2=$(wc -c <"$out/awsv2")

echo "$(go env GOVERSION) $(go env GOOS)/$(go env GOARCH) CGO_ENABLED=$CGO_ENABLED, -trimpath -ldflags=\"-s -w\""
awk -v h="$hello" -v o="$ours" -v a="$awsv2" 'BEGIN {
	printf "| program | bytes | MiB | added over hello |\n|---|---:|---:|---:|\n"
	printf "| hello (net/http GET) | %d | %.2f | — |\n", h, h/1048576
	printf "| ours (NewFromEnvironment + 1 call) | %d | %.2f | %d |\n", o, o/1048576, o-h
	printf "| awsv2 (LoadDefaultConfig + chime + 1 call) | %d | %.2f | %d |\n", a, a/1048576, a-h
	r = (o-h)/(a-h)
	printf "\nratio (ours-hello)/(awsv2-hello) = %.3f, budget <= 0.34: %s\n", r, (r <= 0.34 ? "PASS" : "FAIL")
	exit (r <= 0.34 ? 0 : 1)
}'
