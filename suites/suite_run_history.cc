// A suite run's history (BENCH_HISTORY): opening the store, beginning the
// run, appending each case and gating a case against earlier runs.
#include <optional>
#include <string>

#include "bench/base/runfiles.h"
#include "bench/history/from_suite.h"
#include "bench/history/git_commit.h"
#include "bench/history/history_gate.h"
#include "suites/suite_run.h"

namespace servebench {

Status SuiteRun::OpenHistory() {
  if (settings_.history.empty()) {
    if (suite_.history_gate_runs > 0) {
      progress_(
          "history_gate_runs is set but BENCH_HISTORY is not: cases "
          "are not gated against history");
    }
    return Ok{};
  }
  auto labels = history::ParseLabels(settings_.labels);
  if (!labels.ok()) return Error{"BENCH_LABELS: " + labels.error()};
  labels_ = std::move(*labels);
  SB_ASSIGN_OR_RETURN(history_, history::HistoryStore::Open(settings_.history));
  progress_("history: " + settings_.history +
            (labels_.empty()
                 ? ""
                 : " (labels " + history::FormatLabels(labels_) + ")"));
  return Ok{};
}

Status SuiteRun::BeginHistoryRun() {
  if (!history_) return Ok{};
  // The commit of the checked-out tree the suite file belongs to, if any:
  // under Bazel the runfile links back into the source tree.
  std::optional<std::string> commit;
  if (auto file = Runfile(suite_file_); file.ok()) {
    commit = history::CheckoutCommit(*file);
  } else {
    commit = history::CheckoutCommit(suite_file_);
  }
  SB_ASSIGN_OR_RETURN(history_run_id_,
                      history_->BeginRun(history::HistoryRunOf(
                          results_->context(), labels_, commit)));
  return Ok{};
}

Status SuiteRun::AppendToHistory(const CaseRecord& record) {
  if (!history_) return Ok{};
  return history_->AppendCase(history_run_id_, history::HistoryCaseOf(record));
}

void SuiteRun::GateWithHistory(CaseReport& report) {
  if (!history_ || suite_.history_gate_runs <= 0) return;
  CaseRecord& record = report.record;
  const std::string name = record.outcome.spec.Name();
  history::RunFilter filter;
  filter.suite = suite_.name;
  filter.model = server_.model;
  auto runs = history_->LoadRuns(filter);
  if (!runs.ok()) {
    progress_("[" + name + "] warning: " + runs.error() +
              "; not gated against history");
    return;
  }
  history::HistoryGateOptions options;
  options.last_runs = static_cast<size_t>(suite_.history_gate_runs);
  options.spread.min_tolerance = suite_.history_min_tolerance_pct / 100;
  auto expected = history::ExpectationFromHistory(
      *runs, history::HistoryRunOf(results_->context(), labels_, std::nullopt),
      name, options, history_run_id_);
  if (!expected.ok()) {
    report.properties.push_back({"history_verdict", "no history"});
    progress_("[" + name + "] " + expected.error() +
              ": not gated against history");
    return;
  }
  BaselineExpectation expectation;
  expectation.source = "history (" + expected->Describe() + ")";
  expectation.figures = expected->figures;
  expectation.tolerances = expected->tolerances;
  expectation.inconclusive_fails = settings_.inconclusive_fails;
  report.history_gate = GateCase(
      std::move(expectation), record.outcome, CaseFacts(record), max_runs_,
      [&] { return runner_->MeasureMore(record.outcome, max_runs_); });
  for (const Property& p :
       ComparisonProperties(report.history_gate->comparison)) {
    report.properties.push_back({"history_" + p.name, p.value});
  }
}

}  // namespace servebench
