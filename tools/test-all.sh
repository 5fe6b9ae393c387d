#!/usr/bin/env bash
# Installs what is missing, then runs every test of the project (every package's tests)
# in three phases:
#   1. `bazel test` over every package, as built normally (GCC). This includes
#      //fuzz's corpus replay tests, which run each fuzz target's seed inputs.
#   2. The unit tests (every package but //suites' end-to-end runs) again under
#      AddressSanitizer and UndefinedBehaviorSanitizer (--config=asan
#      --config=ubsan, .bazelrc), GCC too.
#   3. Every fuzz target under libFuzzer (--config=fuzz: clang-14) for
#      SERVEBENCH_FUZZ_SECONDS seconds each (default 30; 0 skips this phase). Without
#      clang-14's libFuzzer the phase is skipped with a note: phase 1 replayed the corpora.
# Suites that need a live server are tagged manual and are not part of this;
# the end-to-end test //suites:core_suite_sim_test runs the core suite against
# the simulated server instead.
set -uo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh || exit 1

fuzz_seconds=${SERVEBENCH_FUZZ_SECONDS:-30}

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
trap 'rm -f "$log"' EXIT
status=0
phase() { printf '\n=== test-all: %s\n' "$*"; }
# "MM:SS" since the phase began, for the closing lines.
elapsed() { local s=$((SECONDS - $1)); printf '%d:%02d' $((s / 60)) $((s % 60)); }
timings=()

phase "1/3 bazel test (GCC)"
start=$SECONDS
bazel test "${targets[@]}" 2>&1 | tee -a "$log"
(( PIPESTATUS[0] != 0 )) && status=1
timings+=("tests $(elapsed "$start")")

# Sanitized objects go to their own output directory (--platform_suffix in
# .bazelrc), so this rebuilds nothing of phase 1. No convenience symlinks:
# bazel-bin and bazel-testlogs keep pointing at the plain build.
# Tests only (--build_tests_only): the tools' binaries were built in phase 1, and
# building them again sanitized would only cost time.
# The unit tests only: //suites' end-to-end runs check timing against the
# simulator and the client's own lag limits, which a sanitized build's
# slowdown would trip without telling anything about memory or UB.
unit_targets=()
for target in "${targets[@]}"; do
  [[ $target == //suites/... ]] && continue
  unit_targets+=("$target")
done
phase "2/3 unit tests under --config=asan --config=ubsan (GCC)"
start=$SECONDS
bazel test --config=asan --config=ubsan --build_tests_only --symlink_prefix=/ \
  "${unit_targets[@]}" 2>&1 |
  tee -a "$log"
(( PIPESTATUS[0] != 0 )) && status=1
timings+=("sanitizers $(elapsed "$start")")

# libFuzzer comes with clang-14 and libclang-rt-14-dev; probe rather than trust.
have_libfuzzer() {
  local dir
  dir=$(mktemp -d) || return 1
  printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
    >"$dir/probe.cc"
  clang++-14 -fsanitize=fuzzer "$dir/probe.cc" -o "$dir/probe" >/dev/null 2>&1
  local ok=$?
  rm -rf "$dir"
  return $ok
}

fuzz_passed=0
fuzz_failed=0
phase "3/3 fuzzing (libFuzzer, ${fuzz_seconds} s per target)"
start=$SECONDS
if (( fuzz_seconds <= 0 )); then
  echo "fuzzing skipped: SERVEBENCH_FUZZ_SECONDS=$fuzz_seconds"
elif ! command -v clang-14 >/dev/null || ! have_libfuzzer; then
  echo "fuzzing skipped: clang-14 with libFuzzer (libclang-rt-14-dev) is not available;"
  echo "the corpus replay tests of phase 1 and 2 ran every seed input instead"
else
  # A different compiler reconfigures Bazel's C++ toolchain, so the fuzz build
  # keeps its own output base beside the usual one: neither evicts the other.
  fuzz_base="$(bazel info output_base)-fuzz"
  fuzz_bazel=(bazel "--output_base=$fuzz_base")
  if ! "${fuzz_bazel[@]}" build --config=fuzz --symlink_prefix=/ //fuzz:fuzzers 2>&1 | tee -a "$log"; then
    echo "fuzzing: building //fuzz:fuzzers with --config=fuzz failed"
    fuzz_failed=1
  else
    bin=$("${fuzz_bazel[@]}" info --config=fuzz bazel-bin)
    artifacts="$fuzz_base/artifacts"
    mkdir -p "$artifacts"
    export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
    # RapidJSON 1.1.0 adds to a null pointer; fuzz/ubsan_suppressions.txt says why.
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$PWD/fuzz/ubsan_suppressions.txt"
    # Signatures of known third-party crashes (fuzz/known_crashes.txt).
    mapfile -t known < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' fuzz/known_crashes.txt | grep -v '^$')
    # Per-target libFuzzer flags. The targets fed JSON get inputs as large as
    # a real response (1 MiB) and a dictionary of the tokens their parsers look
    # for (fuzz/dicts/); the line-oriented ones stay at 16 KiB inputs.
    declare -A fuzz_flags=(
      [sse_parser]="-max_len=1048576 -dict=fuzz/dicts/openai_stream.dict"
      [stream_interpreter]="-max_len=1048576 -dict=fuzz/dicts/openai_stream.dict"
      [run_record]="-max_len=1048576 -dict=fuzz/dicts/run_record.dict"
    )
    for fuzzer in "$bin"/fuzz/*_fuzzer; do
      name=$(basename "$fuzzer" _fuzzer)
      read -ra flags <<<"${fuzz_flags[$name]:--max_len=16384}"
      # New inputs go to a scratch folder; the checked-in seeds stay as they are.
      # It starts with the test data the target is seeded with (fuzz/BUILD.bazel
      # names it; the corpus test replays the same files), copied, because
      # libFuzzer takes folders and those folders hold other files too.
      work=$(mktemp -d)
      target="//fuzz:${name}_corpus_test"
      seeded=0
      while read -r label; do
        path=${label#//}
        path=${path/://}
        path=${path#/}
        [[ -f $path ]] || continue
        cp "$path" "$work/seed$((seeded += 1))_$(basename "$path")"
      done < <(bazel query "kind('source file', labels(data, $target) + labels(srcs, labels(data, $target)))" 2>/dev/null)
      runs=0 verdict=PASSED notes=() deadline=$((SECONDS + fuzz_seconds))
      # A known crash ends libFuzzer's run: start again (keeping what it
      # learned in $work) until the time is up.
      for (( attempt = 1; SECONDS < deadline && attempt <= 20; attempt++ )); do
        out="$artifacts/$name.$attempt.log"
        "$fuzzer" -max_total_time=$((deadline - SECONDS)) -timeout=10 -rss_limit_mb=2048 \
          "${flags[@]}" -print_final_stats=1 -artifact_prefix="$artifacts/$name-" \
          "$work" "fuzz/corpus/$name" >"$out" 2>&1
        rc=$?
        n=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$out" | grep -oE '[0-9]+$')
        runs=$((runs + ${n:-0}))
        (( rc == 0 )) && break
        first=$(grep -m1 -E 'runtime error|Assertion .* failed|==ERROR|invariant violated' "$out")
        signature=""
        for k in "${known[@]}"; do
          [[ $first == *"$k"* ]] && signature=$k && break
        done
        if [[ -z $signature ]]; then
          verdict=FAILED
          break
        fi
        notes+=("known crash $signature")
      done
      if [[ $verdict == PASSED ]]; then
        echo "fuzz: $name PASSED ($runs runs in ${fuzz_seconds} s, $((runs / fuzz_seconds)) runs/s${notes:+; ${#notes[@]}x ${notes[0]}, see fuzz/known_crashes.txt})"
        fuzz_passed=$((fuzz_passed + 1))
      else
        echo "fuzz: $name FAILED (exit $rc); full log: $out"
        grep -E -A40 '^==[0-9]+==ERROR|runtime error|Assertion .* failed|invariant violated' "$out" | head -60
        grep -E 'Test unit written to' "$out"
        echo "reproduce: bazel run //fuzz:${name}_fuzzer -- <that file>"
        fuzz_failed=$((fuzz_failed + 1))
      fi
      rm -rf "$work"
    done
  fi
  "${fuzz_bazel[@]}" shutdown
fi
(( fuzz_failed > 0 )) && status=1
timings+=("fuzzing $(elapsed "$start")")

echo
echo "test-all: ${timings[*]}"
# One plain closing line over all phases: "N passed, N failed".
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//[^ ]+ +(FAILED|TIMEOUT|NO STATUS|FLAKY)' "$log")
echo "$((passed + fuzz_passed)) passed, $((failed + fuzz_failed)) failed"
exit "$status"
