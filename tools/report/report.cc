// Report assembly.
#include "tools/report/report.h"

#include "tools/report/format.h"
#include "tools/report/key_findings.h"
#include "tools/report/load_tables.h"
#include "tools/report/markdown_table.h"

namespace servebench::report {
namespace {

std::string OrNa(const std::string& text) {
  return text.empty() ? "n/a" : text;
}

std::string Header(const RunRecord& run) {
  int passed = 0, failed = 0, skipped = 0;
  for (const RunCase& c : run.cases) {
    passed += c.status == "passed";
    failed += c.status == "failed";
    skipped += c.status == "skipped";
  }
  std::string out = "# Benchmark report: " + OrNa(run.model) + "\n\n";
  out += "- Model: " + OrNa(run.model) + "\n";
  out += "- Suite: " + OrNa(run.suite) + "\n";
  out += "- Engine: " + OrNa(run.engine) + "\n";
  out += "- Timestamp: " + OrNa(run.timestamp) + "\n";
  out += "- Source: `" + run.source + "` (" + run.format + ")\n";
  out += "- max_model_len: " +
         (run.max_model_len ? std::to_string(*run.max_model_len) : "n/a") +
         "\n";
  out += "- gpu_memory_utilization: " +
         (run.gpu_memory_utilization ? Compact(*run.gpu_memory_utilization)
                                     : "n/a") +
         "\n";
  out += "- Cases: " + std::to_string(passed) + " passed, " +
         std::to_string(failed) + " failed, " + std::to_string(skipped) +
         " skipped\n\n";
  return out;
}

std::string Context(const Reference& reference) {
  const std::string other = reference.kind == "baseline"  ? "Baseline"
                            : reference.kind == "history" ? "History"
                                                          : "Other run";
  std::string out =
      "## Compared with " + reference.kind + " `" + reference.name + "`\n\n";
  out += "| | This run | " + other + " | |\n|---|---|---|---|\n";
  std::string differs, unknown;
  for (const ContextRow& row : reference.context) {
    out += "| " + row.key + " | " + MarkdownCell(row.run) + " | " +
           MarkdownCell(row.reference) + " | " + row.verdict + " |\n";
    if (!row.apples_key) continue;
    if (row.verdict == "differs") {
      differs += (differs.empty() ? "" : "; ") + row.key + " differs (" +
                 row.run + " vs " + row.reference + ")";
    } else if (row.verdict == "unknown") {
      unknown += (unknown.empty() ? "" : ", ") + row.key;
    }
  }
  out += "\n";
  if (!differs.empty()) {
    out += "**Not apples-to-apples:** " + differs +
           ". The changes below mix configurations.\n\n";
  } else if (!unknown.empty()) {
    out += "Apples-to-apples unknown for: " + unknown +
           " (not recorded on both sides).\n\n";
  } else {
    out +=
        "Apples-to-apples: max_model_len, gpu_memory_utilization and suite "
        "are equal.\n\n";
  }
  return out;
}

std::string Legend(const Reference& reference) {
  if (!reference.legend.empty()) return reference.legend;
  if (reference.kind == "baseline") {
    return "Δ% is (run − baseline) / |baseline|. ⚠: beyond the baseline's "
           "tolerance (a regression); ?: inconclusive (the 95% interval "
           "straddles the threshold).\n\n";
  }
  return "Δ% is (run − other) / |other|. ⚠: worse by more than " +
         Compact(kRunThresholdPct) + "%.\n\n";
}

}  // namespace

std::string RenderReport(const RunRecord& run, const Reference* reference,
                         const ReportOptions& options) {
  std::string out = Header(run);
  if (reference != nullptr) out += Context(*reference);
  out += "## Results\n\n";
  if (reference != nullptr) out += Legend(*reference);
  out += RegimeTables(run, reference);
  out += KeyFindings(run, reference);
  if (!options.chart_file.empty()) {
    out += "\n![Decode throughput and TTFT per ISL/OSL pair](" +
           options.chart_file + ")\n";
  }
  const std::string load = LoadSection(run, options.load_reference);
  if (!load.empty()) out += "\n" + load;
  for (const auto& [title, file] : options.load_charts) {
    out += "![" + title + "](" + file + ")\n";
  }
  return out;
}

}  // namespace servebench::report
