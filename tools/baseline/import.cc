// Turning a seed results JSON into a baseline.
#include "tools/baseline/import.h"

#include <algorithm>
#include <set>

namespace servebench::baseline_tool {
namespace {

using Pair = std::pair<int64_t, int64_t>;

// The seed methodology's tables, as suites/core.toml and suites/extended.toml
// hold them (import_test checks that they still agree).
const std::set<Pair>& CorePairs() {
  static const std::set<Pair> kPairs = {
      {128, 128}, {256, 256}, {1024, 1024}, {1024, 128}, {128, 1024}};
  return kPairs;
}

const std::set<Pair>& ExtendedPairs() {
  static const std::set<Pair> kPairs = {
      {4096, 256},  {4096, 4096}, {8192, 1024}, {8192, 8192},
      {16384, 512}, {256, 4096},  {1024, 8192}, {32768, 256},
      {256, 16384}, {65536, 256}, {256, 65536}};
  return kPairs;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Joined(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + " " + second;
}

// The run's pairs are neither exactly core nor all extended: say what they
// are, so that a reader knows which suite runs compare with which cases.
std::string WhySuiteIsUnknown(const std::vector<Pair>& pairs) {
  size_t core = 0, extended = 0;
  for (const Pair& p : pairs) {
    core += CorePairs().count(p);
    extended += ExtendedPairs().count(p);
  }
  const size_t other = pairs.size() - core - extended;
  std::string text = "Suite left empty: the results hold " +
                     std::to_string(core) + " of the seed's 5 core pairs and " +
                     std::to_string(extended) + " extended pairs";
  if (other > 0) text += " and " + std::to_string(other) + " other pairs";
  return text +
         ", so no single suite (core or extended) is comparable as a whole.";
}

}  // namespace

std::string SuiteOfPairs(const std::vector<Pair>& pairs) {
  if (pairs.empty()) return "";
  const std::set<Pair> unique(pairs.begin(), pairs.end());
  if (unique == CorePairs()) return "core";
  const bool all_extended =
      std::all_of(unique.begin(), unique.end(),
                  [](const Pair& p) { return ExtendedPairs().count(p) > 0; });
  return all_extended ? "extended" : "";
}

Result<Baseline> ImportRun(const RunRecord& run, const ImportOptions& options) {
  if (run.format == "junit-xml") {
    return Error{run.source +
                 ": is a suite's JUnit XML; import reads the results JSON of "
                 "the seed's script: use `baseline update` for suite runs"};
  }
  std::vector<std::string> failed;
  std::vector<Pair> pairs;
  Baseline baseline;
  for (const RunCase& c : run.cases) {
    if (c.status == "failed") {
      failed.push_back(c.name + (c.message.empty() ? "" : ": " + c.message));
      continue;
    }
    if (c.status == "skipped" || c.means.empty()) continue;
    pairs.emplace_back(c.isl, c.osl);
    BaselineCase entry;
    entry.isl = c.isl;
    entry.osl = c.osl;
    entry.label = c.label;
    entry.category = c.category;
    entry.figures = c.means;
    if (baseline.FindCase(c.isl, c.osl) != nullptr) {
      return Error{run.source + ": ISL " + std::to_string(c.isl) + " / OSL " +
                   std::to_string(c.osl) + " appears twice in \"results\""};
    }
    baseline.cases.push_back(std::move(entry));
  }
  if (!failed.empty() && !options.force) {
    std::string message = "refusing to import " + run.source + ":";
    for (const std::string& f : failed)
      message += "\n  - case " + f + " failed";
    return Error{message + "\nUse --force to import the other cases anyway."};
  }
  if (baseline.cases.empty()) {
    return Error{run.source + ": no result with figures to import"};
  }

  BaselineContext& context = baseline.context;
  context.model = run.model;
  context.engine = !options.engine.empty() ? options.engine : run.engine;
  context.engine_version = options.engine_version;
  context.gpu = options.gpu;
  context.max_model_len = run.max_model_len;
  context.gpu_memory_utilization = options.gpu_memory_utilization
                                       ? options.gpu_memory_utilization
                                       : run.gpu_memory_utilization;
  context.suite = !run.suite.empty() ? run.suite : SuiteOfPairs(pairs);
  context.recorded_at = run.timestamp;
  context.recorded_from = BaseName(run.source);
  context.notes = options.notes;
  if (context.suite.empty()) {
    context.notes = Joined(context.notes, WhySuiteIsUnknown(pairs));
  }

  baseline.tolerances = DefaultTolerances();
  baseline.server = run.server;
  if (options.model_memory_gib) {
    baseline.server[Metric::kModelMemoryGib] = *options.model_memory_gib;
  }
  if (options.kv_cache_gib) {
    baseline.server[Metric::kKvCacheGib] = *options.kv_cache_gib;
  }
  if (options.kv_cache_tokens) {
    baseline.server[Metric::kKvCacheTokens] =
        static_cast<double>(*options.kv_cache_tokens);
  }
  return baseline;
}

std::string ImportedFileText(const Baseline& baseline) {
  return "# Imported by `baseline import` from " +
         baseline.context.recorded_from +
         ",\n# a results JSON of the seed's bench_full.py.\n\n" +
         SerializeBaseline(baseline);
}

}  // namespace servebench::baseline_tool
