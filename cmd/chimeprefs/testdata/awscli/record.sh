#!/usr/bin/env bash
# Records the AWS CLI's output for every case of cases.json into golden/,
# against the emulator started with seed.json. Run from the repository root:
#   bash cmd/chimeprefs/testdata/awscli/record.sh
# Needs the AWS CLI v1 Python package (awscli) importable by python3.
set -euo pipefail
dir=cmd/chimeprefs/testdata/awscli
tmp=$(mktemp -d)
trap 'kill "$emu" 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/emu" ./cmd/chime-messaging-local
"$tmp/emu" -addr 127.0.0.1:0 -region us-east-1 -seed "$dir/seed.json" \
	-access-key-id AKIDRECORD -secret-access-key record-secret 2>"$tmp/log" &
emu=$!
for _ in $(seq 100); do grep -q 'msg=listening' "$tmp/log" && break; sleep 0.1; done
url=$(sed -n 's/.*msg=listening url=\([^ ]*\).*/\1/p' "$tmp/log")
AWS_ACCESS_KEY_ID=AKIDRECORD AWS_SECRET_ACCESS_KEY=record-secret AWS_DEFAULT_REGION=us-east-1 \
	AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
	python3 "$dir/run_aws.py" "$dir/cases.json" "$url" >"$tmp/results.json"
rm -rf "$dir/golden" && mkdir "$dir/golden"
python3 - "$tmp/results.json" "$dir/golden" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
for r in data["results"]:
    if r["rc"] != 0:
        sys.exit("case %s: aws exited %d: %s" % (r["name"], r["rc"], r["stderr"]))
    with open("%s/%s" % (sys.argv[2], r["name"]), "w", encoding="utf-8", newline="") as f:
        f.write(r["stdout"])
print("recorded %d cases with awscli %s" % (len(data["results"]), data["awscli"]))
PY
