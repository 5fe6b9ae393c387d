// Key findings.
#include "tools/report/key_findings.h"

#include <vector>

#include "tools/report/format.h"

namespace servebench::report {
namespace {

std::string PairText(const RunCase& c) {
  std::string text =
      "ISL " + std::to_string(c.isl) + " / OSL " + std::to_string(c.osl);
  return c.label.empty() ? text : text + ", " + c.label;
}

std::string Best(const RunRecord& run, Metric metric, const char* title) {
  const MetricInfo& info = Info(metric);
  const RunCase* best = nullptr;
  double best_value = 0;
  for (const RunCase& c : run.cases) {
    const std::optional<double> v = Find(c.means, metric);
    if (!v || c.status != "passed") continue;
    const bool better =
        info.higher_is_better ? *v > best_value : *v < best_value;
    if (best == nullptr || better) {
      best = &c;
      best_value = *v;
    }
  }
  const std::string lead = std::string("- ") + title + ": ";
  if (best == nullptr) return lead + "n/a (no passed case measured it)\n";
  return lead + FormatMetric(metric, best_value) + " " + info.unit + " at " +
         PairText(*best) + "\n";
}

std::string List(const std::string& lead,
                 const std::vector<std::string>& items) {
  std::string out = "- " + lead + ":\n";
  for (const std::string& item : items) out += "  - " + item + "\n";
  return out;
}

std::string Memory(const RunRecord& run) {
  if (run.server.empty()) {
    return "- Memory: n/a (the run recorded no server memory facts)\n";
  }
  std::string out = "- Memory:";
  const char* sep = " ";
  for (const auto& info : AllMetrics()) {
    if (info.per_case) continue;
    out += sep + MemoryTitle(info.metric) + " " +
           FormatMetric(info.metric, Find(run.server, info.metric));
    sep = ", ";
  }
  return out + "\n";
}

// The methodology's primary comparison point, when both sides have it.
std::string PrimaryPoint(const RunRecord& run, const Reference& reference) {
  const RunCase* c = run.FindCase(1024, 1024);
  const auto theirs = reference.figures.find({1024, 1024});
  if (c == nullptr || theirs == reference.figures.end()) return "";
  const std::optional<double> ours = Find(c->means, Metric::kDecodeTps);
  const std::optional<double> before = Find(theirs->second, Metric::kDecodeTps);
  const std::optional<double> change = ChangePct(ours, before);
  if (!change) return "";
  return "- Decode at the primary comparison point ISL 1024 / OSL 1024: " +
         FormatMetric(Metric::kDecodeTps, ours) + " tok/s vs " +
         FormatMetric(Metric::kDecodeTps, before) + " tok/s (" +
         SignedPercent(*change) + ")\n";
}

}  // namespace

std::string KeyFindings(const RunRecord& run, const Reference* reference) {
  std::string out = "## Key findings\n\n";
  out += Best(run, Metric::kDecodeTps, "Best decode");
  out += Best(run, Metric::kE2eTps, "Best E2E");
  out += Best(run, Metric::kTtftMs, "Best (lowest) TTFT");
  out += Best(run, Metric::kTpotMs, "Best (lowest) TPOT");
  for (const RunCase& c : run.cases) {
    if (c.means.count(Metric::kEnergyPerOutputTokenJ) != 0) {
      out += Best(run, Metric::kEnergyPerOutputTokenJ,
                  "Best (lowest) energy per output token");
      break;
    }
  }
  out += Memory(run);
  std::vector<std::string> failed, skipped;
  for (const RunCase& c : run.cases) {
    const std::string item =
        c.name + (c.message.empty() ? "" : ": " + MarkdownCell(c.message));
    if (c.status == "failed") failed.push_back(item);
    if (c.status == "skipped") skipped.push_back(item);
  }
  if (!failed.empty()) out += List("Failed", failed);
  if (!skipped.empty()) out += List("Skipped", skipped);
  if (reference == nullptr) return out;

  out += PrimaryPoint(run, *reference);
  const std::string against = reference->kind + " `" + reference->name + "`";
  if (reference->regressions.empty()) {
    out += "- No regressions against " + against + "\n";
  } else {
    out += List(std::to_string(reference->regressions.size()) +
                    (reference->regressions.size() == 1 ? " regression"
                                                        : " regressions") +
                    " against " + against,
                reference->regressions);
  }
  if (!reference->inconclusive.empty()) {
    out += List("Inconclusive (the 95% interval straddles the threshold)",
                reference->inconclusive);
  }
  if (!reference->missing.empty()) {
    std::string names;
    for (const std::string& name : reference->missing) {
      names += (names.empty() ? "" : ", ") + name;
    }
    out +=
        "- In the " + reference->kind + " but not in this run: " + names + "\n";
  }
  return out;
}

}  // namespace servebench::report
