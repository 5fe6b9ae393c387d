// What the history keeps: plain structs for one run (its context) and one
// case (its figures, samples and verdict), independent of how a suite or a
// results file represents them, so that any writer can adapt to them.
#ifndef SERVEBENCH_BENCH_HISTORY_HISTORY_TYPES_H_
#define SERVEBENCH_BENCH_HISTORY_HISTORY_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace servebench::history {

// One run of a suite: what it measured on. Empty strings mean unknown.
struct HistoryRun {
  std::string suite;           // "core"
  std::string model;           // as the server lists it
  std::string engine;          // "vLLM", "SGLang", ...
  std::string engine_version;  // "0.11.0"
  std::string host;            // the machine the client ran on
  std::string commit;          // git commit of the checked-out tree
  // Local time, ISO 8601 ("2026-02-22T10:32:42", fractions allowed). Runs are
  // ordered by it; empty: the time of the append.
  std::string started_at;
  std::optional<int64_t> max_model_len;
  std::optional<double> gpu_memory_utilization;
  // Free-form configuration labels (BENCH_LABELS), e.g. kernel=marlin.
  std::map<std::string, std::string> labels;
  // Server flags and facts as text: endpoint, cudagraph_mode, the fact
  // sources, server URL (without credentials), ...
  std::map<std::string, std::string> context;
  // Server-wide figures by metric name: model_memory_gib, kv_cache_gib,
  // kv_cache_tokens.
  std::map<std::string, double> server;
  // Where the run came from: "suite" or the path of an imported file.
  std::string source;
};

// One case of a run.
struct HistoryCase {
  std::string name;  // "Isl1024Osl128", "Isl1024Osl128Conc8"
  int64_t isl = 0;
  int64_t osl = 0;
  double level = 0;     // concurrency or request rate; 0 = sequential
  std::string status;   // "passed", "failed" or "skipped"
  std::string verdict;  // against a baseline: "pass", "regression", ...; ""
  std::string message;  // failure or skip reason
  // Per metric name ("ttft_ms", "decode_tps", "output_tps", ...): the mean
  // over the measured runs, and the per-run values where known.
  std::map<std::string, double> means;
  std::map<std::string, std::vector<double>> samples;
};

// A run as read back, with its cases in the order they were appended.
struct StoredRun {
  int64_t id = 0;
  std::string recorded_at;  // when it was appended (UTC)
  HistoryRun run;
  std::vector<HistoryCase> cases;

  const HistoryCase* FindCase(const std::string& name) const;
};

// Which runs to read. Empty fields do not filter.
struct RunFilter {
  std::string suite;
  std::string model;
  std::map<std::string, std::string> labels;  // every one must match
  // Inclusive bounds on started_at, compared as text: "2026-02-01" keeps
  // runs from that day on; an `until` date keeps that whole day.
  std::string since;
  std::string until;
  // Keep only the newest `last` runs that pass the other filters; 0: all.
  size_t last = 0;
};

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_HISTORY_TYPES_H_
