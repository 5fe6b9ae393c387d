// What a run is compared with, reduced to what the report shows: a baseline
// (verdicts from bench/regression) or another run (a fixed 5% threshold).
// Building one is separate from rendering it, so the markdown, findings and
// chart never depend on how the comparison was made.
#ifndef SERVEBENCH_TOOLS_REPORT_REFERENCE_H_
#define SERVEBENCH_TOOLS_REPORT_REFERENCE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/gating/metric.h"
#include "bench/results/run_record.h"

namespace servebench::report {

using Pair = std::pair<int64_t, int64_t>;  // ISL, OSL

struct Delta {
  double change_pct = 0;  // (run - reference) / |reference| * 100
  std::string mark;       // "⚠" worse than allowed, "?" inconclusive, or ""
};

// One line of the apples-to-apples table.
struct ContextRow {
  std::string key;             // "max_model_len"
  std::string run, reference;  // "n/a" when unknown
  std::string verdict;  // "equal", "differs", "unknown", or a Δ% for memory
  bool apples_key = false;  // max_model_len, gpu_memory_utilization, suite
};

struct Reference {
  std::string kind;  // "baseline", "other run" or "history"
  std::string name;  // path of the baseline or the other run
  std::vector<ContextRow> context;
  std::map<Pair, std::map<Metric, double>> figures;  // reference means
  std::map<Pair, std::map<Metric, Delta>> deltas;
  std::vector<std::string> regressions;  // full sentences, one per finding
  std::vector<std::string> inconclusive;
  std::vector<std::string> missing;  // reference cases this run lacks
  // How to read the Δ% columns, when the kind's standard text does not say
  // (the history's: which runs make the median).
  std::string legend;
};

// Another run as the reference: changes worse than 5% get "⚠".
constexpr double kRunThresholdPct = 5;
Reference AgainstRun(const RunRecord& run, const RunRecord& other);

// The apples-to-apples rows for two sets of context facts, shared by both
// kinds of reference. Memory facts get a Δ% as their verdict.
struct ContextFacts {
  std::string model, engine, suite;
  std::optional<int64_t> max_model_len;
  std::optional<double> gpu_memory_utilization;
  std::map<Metric, double> server;
};
ContextFacts FactsOf(const RunRecord& run);
std::vector<ContextRow> CompareContext(const ContextFacts& run,
                                       const ContextFacts& reference);

// (run - reference) / |reference| * 100; nullopt when either is unknown or
// the reference is 0.
std::optional<double> ChangePct(std::optional<double> run,
                                std::optional<double> reference);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_REFERENCE_H_
