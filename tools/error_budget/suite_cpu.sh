#!/usr/bin/env bash
# Whole-process CPU of a suite run per streamed token: the core suite binary
# against the simulated server (started here, on its own core), measured with
# /usr/bin/time. Startup, calibration, the metrics watch and teardown are all
# included: it is what a user's CI pays. A benchmark that prints figures, not
# a test.
#
#   tools/error_budget/suite_cpu.sh [bazel build flags...]
#
# e.g. `tools/error_budget/suite_cpu.sh -c fastbuild` to compare build modes.
# SUITE_CPU_CALLGRIND=1 runs the suite under valgrind --tool=callgrind
# instead and reports instructions per streamed token: repeatable whatever
# else the machine is doing (CPU seconds are not, on a shared machine). The
# profile is kept in /tmp/suite_cpu.callgrind for callgrind_annotate.
# SUITE_CPU_ENV adds settings, e.g. SUITE_CPU_ENV=BENCH_METRICS=0.
# Cores: the simulator on CPU 1 and the suite on CPU 0 (taskset), when the
# machine has two or more.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/error_budget/sim_process.sh

build_suite_and_sim "$@"
make_work_dir

pin_sim=() pin_suite=()
if (( $(nproc) >= 2 )) && command -v taskset >/dev/null; then
  pin_sim=(taskset -c 1) pin_suite=(taskset -c 0)
fi

start_sim "${pin_sim[@]}" --

# A fresh environment: only what this measurement sets.
env -i PATH="$PATH" HOME="$HOME" ${SUITE_CPU_ENV:-} \
  BENCH_URL="http://127.0.0.1:$port" BENCH_LOG_FILE="$work/sim.log" \
  BENCH_RESULTS_FILE="$work/results.json" GTEST_OUTPUT="xml:$work/test.xml" \
  /usr/bin/time -f '%U %S %e' -o "$work/time" \
  "${pin_suite[@]}" ${SUITE_CPU_CALLGRIND:+valgrind --tool=callgrind \
  --callgrind-out-file=/tmp/suite_cpu.callgrind} \
  "$bin/suites/core" >"$work/out.txt" 2>"$work/err.txt" || {
  echo "suite_cpu: the suite failed; see its output:" >&2
  tail -20 "$work/err.txt" >&2
  exit 1
}

read -r user sys wall <"$work/time"
# Streamed tokens: every warm-up and measured request of every case.
tokens=$(python3 - "$work/results.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
total = 0
for r in doc["results"]:
    runs = r.get("runs", [])
    if not runs:
        continue
    per_request = sum(x["completion_tokens"] for x in runs) / len(runs)
    total += per_request * (len(runs) + doc.get("warmup_runs", 0))
print(int(total))
PY
)
mode=$(bazel info "$@" output_path 2>/dev/null >/dev/null; grep -o 'k8-[a-z]*' <<<"$bin" || echo "?")
if [[ -n ${SUITE_CPU_CALLGRIND:-} ]]; then
  ir=$(grep -m1 '^totals:' /tmp/suite_cpu.callgrind | awk '{print $2}')
  python3 - "$ir" "$tokens" "$mode" <<'PY'
import sys
ir, tokens, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print(f"suite_cpu: build {mode}; {tokens} streamed tokens; {ir / 1e6:.1f} M "
      f"instructions in the suite process (callgrind, every thread), "
      f"{ir / tokens:.0f} per streamed token")
PY
  exit 0
fi
python3 - "$user" "$sys" "$wall" "$tokens" "$mode" <<'PY'
import sys
user, sys_, wall, tokens, mode = sys.argv[1:]
cpu = float(user) + float(sys_)
print(f"suite_cpu: build {mode}; {tokens} streamed tokens; suite process CPU "
      f"{cpu:.2f} s (user {user}, sys {sys_}), wall {wall} s; "
      f"{cpu / int(tokens) * 1e6:.1f} us of CPU per streamed token")
PY
