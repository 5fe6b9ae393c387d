#!/usr/bin/env bash
# Installs what is missing, then runs every test of the project (every package's tests).
# Suites that need a live server are tagged manual and are not part of this;
# the end-to-end test //suites:core_suite_sim_test runs the core suite against
# the simulated server instead.
set -uo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh || exit 1

# Every package of the project, i.e. //... without Bazel's own convenience
# symlinks (bazel-<folder name> points into the output base, and Bazel 4.2.3
# would otherwise walk into it).
targets=(//:all)
for dir in */; do
  dir=${dir%/}
  [[ $dir == bazel-* || ! -f $dir/BUILD.bazel ]] && continue
  targets+=("//$dir/...")
done

log=$(mktemp)
bazel test "${targets[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One plain closing line: "N passed, N failed".
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//[^ ]+ +(FAILED|TIMEOUT|NO STATUS|FLAKY)' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
