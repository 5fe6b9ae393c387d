// The benchmark's settings, read from BENCH_* environment variables.
//
// Every variable is optional; README.md lists them with their defaults. A
// value that cannot be used (a port that is not a number, BENCH_RUNS=0, an
// unknown endpoint) is an error naming the variable and the value, reported
// before any request is sent.
#ifndef SERVEBENCH_BENCH_SETTINGS_H_
#define SERVEBENCH_BENCH_SETTINGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bench/base/env.h"
#include "bench/base/result.h"
#include "bench/protocol/endpoint.h"

namespace servebench {

struct Settings {
  std::string url;         // server base URL without trailing slash
  std::string url_source;  // "BENCH_URL", "BENCH_PORT" or "default"
  std::string model;       // empty: the first model /v1/models lists
  std::string api_key;     // sent as a Bearer token; never printed
  Endpoint endpoint = Endpoint::kChatCompletions;
  std::optional<int64_t> max_model_len;  // BENCH_MAX_MODEL_LEN
  double ready_timeout_s = 600;          // like the seed's 10 minutes
  double connect_timeout_s = 10;
  double stall_timeout_s = 300;    // no bytes at all for this long
  std::optional<int> warmup_runs;  // overrides the suite's value
  std::optional<int> runs;         // overrides the suite's value
  std::string results_file;        // empty: the caller decides
  std::string suite_file;          // empty: the suite's own file
  // Regression gating.
  std::string baseline;            // BENCH_BASELINE: name or path
  bool baseline_disabled = false;  // BENCH_BASELINE=none
  std::optional<int> max_runs;     // BENCH_MAX_RUNS: bound on repeats
  bool inconclusive_fails = true;  // BENCH_INCONCLUSIVE=fail|pass
  bool allow_mismatch = false;     // BENCH_ALLOW_MISMATCH=1
  bool scrape_metrics = true;      // BENCH_METRICS=0 turns /metrics off
  // BENCH_CLIENT_LAG_LIMIT_MS: the load client's self-check, the p99 of its
  // processing and dispatch lags above which a level is invalid.
  double client_lag_limit_ms = 5;
  std::string history;             // BENCH_HISTORY: the run history (SQLite)
  std::string labels;              // BENCH_LABELS: "k=v,k2=v2" for history
  bool use_simulator = false;      // BENCH_SIM: start tools/sim_server
  std::string simulator_flags;     // BENCH_SIM_FLAGS, space-separated
};

// Reads settings through `getenv` (injectable for tests).
Result<Settings> LoadSettings(const EnvLookup& getenv);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SETTINGS_H_
