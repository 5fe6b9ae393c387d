#!/usr/bin/env bash
# Peak resident memory of the suite binary against each hostile simulator
# mode (tools/sim/README.md, "Fault injection"), and against an absurd suite
# file: the figure the README's "Reliability" section quotes. A benchmark
# that prints figures, not a test: memory use depends on the machine's
# libraries. Each mode runs the core suite's first two pairs; the simulator
# runs as its own process, so its memory is not counted.
#
#   tools/error_budget/hostile_rss.sh [bazel build flags...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/error_budget/sim_process.sh

build_suite_and_sim "$@"
make_work_dir

cat >"$work/suite.toml" <<'TOML'
[suite]
name = "core"
warmup_runs = 1
runs = 2
[[case]]
isl = 1024
osl = 128
category = "prefill-heavy"
label = "a"
[[case]]
isl = 128
osl = 128
category = "balanced"
label = "b"
TOML
cat >"$work/absurd.toml" <<'TOML'
[suite]
name = "core"
[[case]]
isl = 9223372036854775807
osl = 128
category = "balanced"
label = "absurd"
TOML

# One mode: its simulator flags, and the suite file to run.
measure() {
  local label=$1 flags=$2 suite=$3
  # shellcheck disable=SC2086
  start_sim -- $flags
  local status=0
  env -i PATH="$PATH" HOME="$HOME" BENCH_URL="http://127.0.0.1:$port" \
    BENCH_SUITE_FILE="$suite" BENCH_READY_TIMEOUT=20 BENCH_STALL_TIMEOUT=5 \
    BENCH_RESULTS_FILE="$work/results.json" GTEST_OUTPUT="xml:$work/test.xml" \
    /usr/bin/time -f '%M' -o "$work/rss" "$bin/suites/core" \
    >/dev/null 2>"$work/err.txt" || status=$?
  stop_sim
  local kib failures
  kib=$(tail -1 "$work/rss")
  failures=$(grep -o 'failures="[0-9]*"' "$work/test.xml" 2>/dev/null | head -2 | tail -1 || true)
  printf '| %s | %s | %d | %s | %s |\n' "$label" "${flags:-none}" "$((kib / 1024))" \
    "$status" "${failures:-no XML}"
}

echo "| mode | simulator flags | peak RSS (MiB) | exit | <testsuite> |"
echo "|---|---|---:|---:|---|"
measure "well-behaved" "" "$work/suite.toml"
measure "nested /v1/models (array)" "--models-nested" "$work/suite.toml"
measure "nested /v1/models (object)" "--models-nested --nesting-kind object" "$work/suite.toml"
measure "nested event" "--fault nested-event --fault-every 2" "$work/suite.toml"
measure "nested event, 10^7 levels" "--fault nested-event --fault-every 2 --nesting-depth 10000000" "$work/suite.toml"
measure "inflated usage" "--fault inflated-usage --fault-every 2" "$work/suite.toml"
measure "inflated prompt usage" "--fault inflated-prompt-usage --fault-every 2" "$work/suite.toml"
measure "max_model_len -5" "--advertised-max-model-len=-5" "$work/suite.toml"
measure "max_model_len 1e30" "--advertised-max-model-len=1e30" "$work/suite.toml"
measure "20 MiB line" "--fault huge-line --fault-every 2" "$work/suite.toml"
measure "garbage event" "--fault garbage --fault-every 2" "$work/suite.toml"
measure "ISL 2^63-1 in the suite file" "" "$work/absurd.toml"
