// The run list.
#include "tools/history/runs_table.h"

#include <cstdio>

#include "bench/base/text_format.h"
#include "bench/history/labels.h"
#include "tools/history/text.h"

namespace servebench::history_tool {

std::string RunsTable(const std::vector<history::StoredRun>& runs) {
  std::string out =
      "| run | started at | suite | model | engine | max len | gpu util | "
      "host | commit | labels | passed/failed/skipped |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const history::StoredRun& stored : runs) {
    const history::HistoryRun& run = stored.run;
    int passed = 0, failed = 0, skipped = 0;
    for (const history::HistoryCase& c : stored.cases) {
      passed += c.status == "passed";
      failed += c.status == "failed";
      skipped += c.status == "skipped";
    }
    std::string engine = run.engine;
    if (!run.engine_version.empty()) {
      engine += (engine.empty() ? "" : " ") + run.engine_version;
    }
    char utilization[32] = "";
    if (run.gpu_memory_utilization) {
      std::snprintf(utilization, sizeof utilization, "%g",
                    *run.gpu_memory_utilization);
    }
    out += "| " + std::to_string(stored.id) + " | " +
           MarkdownCell(run.started_at) + " | " + MarkdownCell(run.suite) +
           " | " + MarkdownCell(run.model) + " | " + MarkdownCell(engine) +
           " | " +
           (run.max_model_len ? std::to_string(*run.max_model_len) : "") +
           " | " + utilization + " | " + MarkdownCell(run.host) + " | " +
           MarkdownCell(ShortCommit(run.commit)) + " | " +
           MarkdownCell(history::FormatLabels(run.labels)) + " | " +
           std::to_string(passed) + "/" + std::to_string(failed) + "/" +
           std::to_string(skipped) + " |\n";
  }
  return out;
}

}  // namespace servebench::history_tool
