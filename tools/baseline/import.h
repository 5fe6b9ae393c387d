// `baseline import`: a baseline from a results JSON of the seed's script
// (bench_full.py), whose memory facts lived only in container logs and in the
// seed's "Baseline Reference Data" table, hence the flags.
#ifndef SERVEBENCH_TOOLS_BASELINE_IMPORT_H_
#define SERVEBENCH_TOOLS_BASELINE_IMPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/gating/baseline.h"
#include "bench/base/result.h"
#include "bench/results/run_record.h"

namespace servebench::baseline_tool {

struct ImportOptions {
  std::optional<double> model_memory_gib;
  std::optional<double> kv_cache_gib;
  std::optional<int64_t> kv_cache_tokens;
  std::optional<double> gpu_memory_utilization;
  // The seed's script benchmarks vLLM containers; its JSON does not say.
  std::string engine = "vLLM";
  std::string engine_version;
  std::string gpu;
  std::string notes;
  // Import a run with failed cases (they are left out).
  bool force = false;
};

// "core" when the pairs are exactly the seed's five core configs,
// "extended" when all are among its extended configs (suites/core.toml and
// suites/extended.toml), "" otherwise: such a run cannot be compared
// suite-for-suite.
std::string SuiteOfPairs(const std::vector<std::pair<int64_t, int64_t>>& pairs);

// The baseline for `run`: context from the file (model, max_model_len,
// recorded_at = its timestamp, recorded_from = its file name, the suite as
// above, or the run's own when it names one) and the options, the memory
// facts given, DefaultTolerances() written out, and one case per passed
// result with its means. When the suite is unknown the notes say why.
// Fails on a JUnit XML (use update), and on failed cases unless force.
Result<Baseline> ImportRun(const RunRecord& run, const ImportOptions& options);

// The file to write: a comment naming the source, then the baseline.
std::string ImportedFileText(const Baseline& baseline);

}  // namespace servebench::baseline_tool

#endif  // SERVEBENCH_TOOLS_BASELINE_IMPORT_H_
