// Context comparison and the run-against-run reference.
#include "tools/report/reference.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "tools/report/format.h"

namespace servebench::report {
namespace {

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ContextRow TextRow(const std::string& key, const std::string& run,
                   const std::string& reference, bool apples_key,
                   bool ignore_case) {
  ContextRow row{key, run.empty() ? "n/a" : run,
                 reference.empty() ? "n/a" : reference, "", apples_key};
  if (run.empty() || reference.empty()) {
    row.verdict = "unknown";
  } else if (ignore_case ? Lower(run) == Lower(reference) : run == reference) {
    row.verdict = "equal";
  } else {
    row.verdict = "differs";
  }
  return row;
}

template <typename T>
ContextRow NumberRow(const std::string& key, std::optional<T> run,
                     std::optional<T> reference) {
  auto text = [](std::optional<T> v) {
    return v ? Compact(static_cast<double>(*v)) : std::string("n/a");
  };
  ContextRow row{key, text(run), text(reference), "", true};
  if (!run || !reference) {
    row.verdict = "unknown";
  } else {
    row.verdict = *run == *reference ? "equal" : "differs";
  }
  return row;
}

}  // namespace

std::optional<double> ChangePct(std::optional<double> run,
                                std::optional<double> reference) {
  if (!run || !reference || *reference == 0) return std::nullopt;
  return (*run - *reference) / std::fabs(*reference) * 100;
}

ContextFacts FactsOf(const RunRecord& run) {
  return {run.model,
          run.engine,
          run.suite,
          run.max_model_len,
          run.gpu_memory_utilization,
          run.server};
}

std::vector<ContextRow> CompareContext(const ContextFacts& run,
                                       const ContextFacts& reference) {
  std::vector<ContextRow> rows = {
      TextRow("model", run.model, reference.model, false, false),
      TextRow("engine", run.engine, reference.engine, false, true),
      TextRow("suite", run.suite, reference.suite, true, false),
      NumberRow("max_model_len", run.max_model_len, reference.max_model_len),
      NumberRow("gpu_memory_utilization", run.gpu_memory_utilization,
                reference.gpu_memory_utilization),
  };
  for (const auto& info : AllMetrics()) {
    if (info.per_case) continue;
    const std::optional<double> a = Find(run.server, info.metric);
    const std::optional<double> b = Find(reference.server, info.metric);
    const std::optional<double> change = ChangePct(a, b);
    rows.push_back({MemoryTitle(info.metric), FormatMetric(info.metric, a),
                    FormatMetric(info.metric, b),
                    change ? SignedPercent(*change) : "n/a", false});
  }
  return rows;
}

Reference AgainstRun(const RunRecord& run, const RunRecord& other) {
  Reference ref;
  ref.kind = "other run";
  ref.name = other.source;
  ref.context = CompareContext(FactsOf(run), FactsOf(other));
  for (const RunCase& theirs : other.cases) {
    if (!theirs.means.empty())
      ref.figures[{theirs.isl, theirs.osl}] = theirs.means;
    if (run.FindCase(theirs.isl, theirs.osl) == nullptr) {
      ref.missing.push_back(theirs.name);
    }
  }
  for (const RunCase& ours : run.cases) {
    const RunCase* theirs = other.FindCase(ours.isl, ours.osl);
    if (theirs == nullptr) continue;
    for (const auto& [metric, mean] : ours.means) {
      const std::optional<double> before = Find(theirs->means, metric);
      const std::optional<double> change = ChangePct(mean, before);
      if (!change) continue;
      const MetricInfo& info = Info(metric);
      const double worse = info.higher_is_better ? -*change : *change;
      Delta delta{*change, worse > kRunThresholdPct ? "\u26a0" : ""};
      if (!delta.mark.empty()) {
        ref.regressions.push_back(
            ours.name + ": " + info.name + " " + FormatMetric(metric, mean) +
            " " + info.unit + " vs " + FormatMetric(metric, before) + " " +
            info.unit + " (" + SignedPercent(*change) +
            ", worse by more than " + Compact(kRunThresholdPct) + "%)");
      }
      ref.deltas[{ours.isl, ours.osl}][metric] = delta;
    }
  }
  return ref;
}

}  // namespace servebench::report
