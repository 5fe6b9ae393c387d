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

#include "bench/gating/metric.h"
#include "bench/base/result.h"

namespace servebench {

struct RunCase {
  std::string name;  // "Isl1024Osl128"
  int64_t isl = 0;
  int64_t osl = 0;
  std::string label;
  std::string category;  // "prefill-heavy", "balanced", "decode-heavy" (from the seed's regime too)
  std::string status;    // "passed", "failed", "skipped" (seed runs: "passed")
  std::string message;   // failure or skip reason
  std::optional<int64_t> isl_actual, osl_actual;
  std::map<Metric, double> means;                  // per-case metrics only
  std::map<Metric, std::vector<double>> samples;   // when the source has them
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
  const RunCase* FindCase(int64_t isl, int64_t osl) const;
};

// Fails with "path: ..." (and the line for XML/JSON syntax errors).
Result<RunRecord> LoadRunRecord(const std::string& path);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_RUN_RECORD_H_
