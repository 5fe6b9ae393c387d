# Sourced by the error-budget scripts that run the core suite binary against
# a simulator process: building both, a scratch folder, and starting and
# stopping one simulator.
#
#   build_suite_and_sim [bazel build flags...]   sets bin (bazel-bin)
#   make_work_dir                                sets work; on exit the
#                                                simulator stops and work goes
#   start_sim [prefix command...] -- [simulator flags...]
#                                                sets sim_pid and port
#   stop_sim

build_suite_and_sim() {
  # Quiet when it builds; the full output when it does not.
  bazel build "$@" //suites:core //tools:sim_server >/dev/null 2>&1 ||
    bazel build "$@" //suites:core //tools:sim_server
  bin=$(bazel info "$@" bazel-bin 2>/dev/null)
}

make_work_dir() {
  work=$(mktemp -d)
  trap 'stop_sim; rm -rf "$work"' EXIT
}

start_sim() {
  local prefix=()
  while (($#)) && [[ $1 != -- ]]; do prefix+=("$1"); shift; done
  (($#)) && shift
  rm -f "$work/port"
  "${prefix[@]}" "$bin/tools/sim_server" --port 0 --port-file "$work/port" \
    --log-file "$work/sim.log" "$@" >/dev/null 2>&1 &
  sim_pid=$!
  for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
  if [[ ! -s $work/port ]]; then
    echo "sim_process: the simulator wrote no port in 10 s; flags: $*" >&2
    return 1
  fi
  port=$(cat "$work/port")
}

stop_sim() {
  [[ -n ${sim_pid:-} ]] || return 0
  kill "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=""
}
