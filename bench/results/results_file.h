// The run's results JSON: a superset of the seed script's schema, rewritten
// atomically (temporary file, then rename) after every case so an
// interrupted run keeps every finished case.
//
// Seed fields: model, max_model_len, bench_runs, test_matrix[{isl, osl,
// label}], results[{regime, label, isl_target, osl_target, isl_actual,
// osl_actual, ttft_ms, tpot_ms, decode_throughput, e2e_throughput}] with each
// figure as {avg, min, max}, timestamp. Added: schema_version, warmup_runs,
// a context block, a "server" block of memory facts and the GPUs (each only
// when known), and per result: name, category, status, error, each
// figure's median and stddev, the per-run samples, and a "server" block of
// the case's server figures and notes.
#ifndef SERVEBENCH_BENCH_RESULTS_RESULTS_FILE_H_
#define SERVEBENCH_BENCH_RESULTS_RESULTS_FILE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/base/result.h"
#include "bench/config/suite_spec.h"
#include "bench/facts/logs/server_facts.h"
#include "bench/runner/case_runner.h"

namespace servebench {

constexpr int kResultsSchemaVersion = 1;

struct RunContext {
  std::string suite;
  std::string suite_file;
  std::string server;  // redacted URL
  std::string endpoint;
  std::string model;
  std::string model_source;
  int64_t max_model_len = 0;
  std::string max_model_len_source;
  int warmup_runs = 0;
  int runs = 0;
  std::string started_at;  // local time, ISO 8601 like the seed's timestamp
  std::string host;
  std::vector<CaseSpec> matrix;
  // Server facts from its log and /metrics, written as the "server" block
  // (FactFields, then "fact_source_<name>" for each source), each field only
  // when known. Sources must already be fit to record (secrets redacted).
  std::optional<ServerFacts> facts;
  std::string server_log;  // where the log was read from
  // The GPUs, when a GPU source (BENCH_DCGM_URL, BENCH_GPU_CMD) reported:
  // written in the "server" block as gpu_count, gpu_names, gpu_source.
  int gpu_count = 0;
  std::vector<std::string> gpu_names;
  std::string gpu_source;
};

enum class CaseStatus { kPassed, kFailed, kSkipped };

// One gated metric of a case, as compared with the baseline.
struct BaselineFigure {
  std::string metric;
  double baseline = 0;
  double change_pct = 0;
  std::string verdict;  // "pass", "improved", "regression", "inconclusive"
};

struct CaseRecord {
  CaseOutcome outcome;  // spec always set; samples may be empty
  CaseStatus status = CaseStatus::kPassed;
  std::string message;  // failure or skip reason
  // With a baseline: its file and case, the overall verdict and per metric.
  std::string baseline_source;
  std::string verdict;
  std::vector<BaselineFigure> baseline;
  // The server's figures during this case (memory facts repeated on every
  // case, speculative-decoding acceptance, peak KV cache usage, the
  // server's clock and the client's differences from it, GPU power and
  // energy), by name.
  std::vector<std::pair<std::string, double>> server_figures;
  // What those figures came from, and warnings about them, by name
  // (server_clock_source, gpu_energy_method, tpot_disagreement_warning).
  std::vector<std::pair<std::string, std::string>> server_notes;
};

class ResultsFile {
 public:
  ResultsFile(std::string path, RunContext context);

  // Adds or replaces the case's record, then rewrites the file.
  Status Record(const CaseRecord& record);
  // Rewrites the file with what is recorded so far.
  Status Write() const;
  // The run's context, e.g. completed once the server has answered; takes
  // effect at the next write.
  RunContext& context() { return context_; }
  // The document as it would be written (for tests and reports).
  std::string ToJson() const;

  const std::string& path() const { return path_; }
  const std::vector<CaseRecord>& records() const { return records_; }

 private:
  std::string path_;
  RunContext context_;
  std::vector<CaseRecord> records_;  // in the order cases finished
  std::vector<CaseSummary> summaries_;  // of records_, one each
};

const char* StatusName(CaseStatus status);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_RESULTS_RESULTS_FILE_H_
