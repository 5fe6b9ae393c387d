// A finished run as the tools read it back: from a suite's JUnit XML
// (bazel-testlogs/.../test.xml), from servebench's results JSON, or from a
// results JSON of the seed's script (bench_full.py). The format is told from
// the content.
#ifndef SERVEBENCH_BENCH_RUN_RECORD_H_
#define SERVEBENCH_BENCH_RUN_RECORD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/gating/metric.h"

namespace servebench {

struct RunCase {
  std::string name;  // "Isl1024Osl128"
  int64_t isl = 0;
  int64_t osl = 0;
  std::string label;
  std::string category;  // "prefill-heavy", "balanced", "decode-heavy" (from
                         // the seed's regime too)
  std::string status;    // "passed", "failed", "skipped" (seed runs: "passed")
  std::string message;   // failure or skip reason
  std::optional<int64_t> isl_actual, osl_actual;
  std::map<Metric, double> means;                 // per-case metrics only
  std::map<Metric, std::vector<double>> samples;  // when the source has them
  // Load cases: the level as suites name it ("Conc8", "Rate0p5", "Sweep";
  // empty for a sequential case), its load metrics (LoadMetrics()), and
  // every figure it recorded by name (offered_rps, slo_attainment_pct, a
  // sweep's level<k>_... figures, ...).
  std::string level;
  std::map<Metric, double> load;
  std::map<std::string, double> figures;

  bool is_load() const { return !level.empty(); }
};

struct RunRecord {
  std::string source;  // path
  std::string format;  // "junit-xml", "servebench-json" or "seed-json"
  std::string model;
  std::string suite;
  std::string engine;
  std::string timestamp;
  std::optional<int64_t> max_model_len;
  std::optional<double> gpu_memory_utilization;
  std::map<Metric, double> server;  // memory facts, where known
  std::vector<RunCase> cases;

  bool HasFailures() const;
  // The sequential case of a pair (load levels are not cases of the pair).
  const RunCase* FindCase(int64_t isl, int64_t osl) const;
  const RunCase* FindLoad(int64_t isl, int64_t osl,
                          const std::string& level) const;
};

// Fails with "path: ..." (and the line for XML/JSON syntax errors).
Result<RunRecord> LoadRunRecord(const std::string& path);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_RUN_RECORD_H_
