"""Runs the AWS CLI (v1, the awscli Python package) on each case of a
cases file against an endpoint, in one Python process, and prints the
results as JSON: [{"name": ..., "stdout": ..., "rc": ...}, ...].

Usage: python3 run_aws.py CASES_JSON ENDPOINT_URL

Each case is "aws chime-sdk-messaging ARGS --endpoint-url ENDPOINT_URL",
run by the same driver the aws command runs (awscli.clidriver), with
standard output captured. Captured output is not a terminal, so the table
output assumes the 80 columns the AWS CLI assumes then; a case with "width"
gets that terminal width instead (awscli.table.determine_terminal_width is
replaced for that case). Credentials, region and files come from the
environment, as for aws.
"""
import io
import json
import sys

import awscli
import awscli.table
from awscli.clidriver import create_clidriver


def run(driver, args, width):
    awscli.table.determine_terminal_width = lambda default_width=80: width
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        rc = driver.main(args)
    finally:
        sys.stdout, sys.stderr = saved
    return out.getvalue(), err.getvalue(), rc


def main():
    cases_path, endpoint = sys.argv[1], sys.argv[2]
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    # One driver for all cases, as one aws process would have: its session
    # loads the service model and the configuration once; each main() call
    # parses its own command line.
    driver = create_clidriver()
    results = []
    for case in cases:
        args = ["chime-sdk-messaging"] + case["args"] + ["--endpoint-url", endpoint]
        stdout, stderr, rc = run(driver, args, case.get("width", 80))
        results.append({"name": case["name"], "stdout": stdout, "stderr": stderr, "rc": rc})
    json.dump({"awscli": awscli.__version__, "results": results}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
