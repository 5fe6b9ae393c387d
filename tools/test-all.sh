#!/usr/bin/env bash
# Installs what is missing, then runs every test of the project (`bazel test //...`).
# Suites that need a live server are tagged manual and are not part of this;
# the end-to-end test //suites:core_suite_sim_test runs the core suite against
# the simulated server instead.
set -uo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh || exit 1

log=$(mktemp)
bazel test //... 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One plain closing line: "N passed, N failed".
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//[^ ]+ +(FAILED|TIMEOUT|NO STATUS|FLAKY)' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
