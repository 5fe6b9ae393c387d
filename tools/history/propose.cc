// A baseline from the history.
#include "tools/history/propose.h"

#include <cstdio>
#include <set>

#include "bench/history/comparable.h"
#include "bench/history/labels.h"

namespace servebench::history_tool {
namespace {

using history::HistoryCase;
using history::StoredRun;

std::string Ids(const std::vector<int64_t>& ids) {
  std::string text;
  for (int64_t id : ids)
    text += (text.empty() ? "" : ", ") + std::to_string(id);
  return text;
}

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

// The value every run agrees on, or "" (and a note) when they differ.
std::string Shared(const std::vector<const StoredRun*>& runs,
                   std::string history::HistoryRun::*field,
                   const std::string& name, std::vector<std::string>& notes) {
  std::set<std::string> values;
  for (const StoredRun* r : runs) {
    if (!(r->run.*field).empty()) values.insert(r->run.*field);
  }
  if (values.size() == 1) return *values.begin();
  if (values.size() > 1) {
    std::string listed;
    for (const std::string& v : values)
      listed += (listed.empty() ? "" : ", ") + v;
    notes.push_back(name + " differs across the runs (" + listed + ")");
  }
  return "";
}

}  // namespace

Result<Proposal> ProposeBaseline(const std::vector<StoredRun>& runs,
                                 const ProposeOptions& options) {
  if (runs.size() < options.min_runs) {
    return Error{"only " + std::to_string(runs.size()) + " run" +
                 (runs.size() == 1 ? "" : "s") +
                 " selected; a baseline needs at least " +
                 std::to_string(options.min_runs) +
                 " to measure their spread (run the suite again, or widen "
                 "the selection)"};
  }
  std::vector<const StoredRun*> chosen;
  const size_t first =
      runs.size() > options.last ? runs.size() - options.last : 0;
  for (size_t i = first; i < runs.size(); ++i) chosen.push_back(&runs[i]);
  const StoredRun& newest = *chosen.back();

  std::vector<std::string> problems;
  for (const StoredRun* r : chosen) {
    if (r == &newest) continue;
    for (const std::string& p : history::Incomparabilities(
             r->run, newest.run, /*match_labels=*/true)) {
      problems.push_back("run " + std::to_string(r->id) + " vs run " +
                         std::to_string(newest.id) + ": " + p);
    }
  }
  if (!problems.empty()) {
    std::string text =
        "refusing to propose a baseline from runs that are not "
        "apples-to-apples:";
    for (const std::string& p : problems) text += "\n  - " + p;
    return Error{text +
                 "\nSelect comparable runs with --suite, --model or --label, "
                 "or use fewer with --last."};
  }

  Proposal proposal;
  for (const StoredRun* r : chosen) proposal.run_ids.push_back(r->id);
  Baseline& baseline = proposal.baseline;
  std::vector<std::string> notes;
  BaselineContext& context = baseline.context;
  context.model = Shared(chosen, &history::HistoryRun::model, "model", notes);
  context.suite = Shared(chosen, &history::HistoryRun::suite, "suite", notes);
  context.engine =
      Shared(chosen, &history::HistoryRun::engine, "engine", notes);
  context.engine_version = Shared(chosen, &history::HistoryRun::engine_version,
                                  "engine_version", notes);
  for (const StoredRun* r : chosen) {
    if (r->run.max_model_len) context.max_model_len = r->run.max_model_len;
    if (r->run.gpu_memory_utilization) {
      context.gpu_memory_utilization = r->run.gpu_memory_utilization;
    }
  }
  context.recorded_at = newest.run.started_at;
  context.recorded_from =
      (options.history_path.empty() ? "the history" : options.history_path) +
      ", runs " + Ids(proposal.run_ids);

  // Cases in the newest run's order; sequential ones only (a baseline holds
  // one entry per ISL/OSL pair).
  for (const HistoryCase& c : newest.cases) {
    if (c.level != 0) {
      proposal.left_out.push_back(c.name +
                                  ": a concurrency level; baselines hold "
                                  "sequential cases");
      continue;
    }
    std::vector<const HistoryCase*> measured;
    std::string missing;
    for (const StoredRun* r : chosen) {
      const HistoryCase* found = r->FindCase(c.name);
      if (found == nullptr || found->status != "passed") {
        missing = found == nullptr
                      ? "not in run " + std::to_string(r->id)
                      : found->status + " in run " + std::to_string(r->id);
        break;
      }
      measured.push_back(found);
    }
    if (!missing.empty()) {
      proposal.left_out.push_back(c.name + ": " + missing);
      continue;
    }
    BaselineCase entry;
    entry.isl = c.isl;
    entry.osl = c.osl;
    for (const MetricInfo& info : AllMetrics()) {
      if (!info.per_case) continue;
      std::vector<history::RunFigure> values;
      for (const HistoryCase* m : measured) {
        if (auto it = m->means.find(info.name); it != m->means.end()) {
          history::RunFigure figure{it->second, {}};
          if (auto s = m->samples.find(info.name); s != m->samples.end()) {
            figure.samples = s->second;
          }
          values.push_back(std::move(figure));
        }
      }
      if (values.size() != measured.size()) continue;  // not in every run
      const history::FigureReference reference =
          history::ReferenceOf(values, options.spread, info.metric);
      entry.figures[info.metric] = reference.median;
      entry.tolerances[info.metric] = reference.tolerance;
    }
    if (entry.figures.empty()) {
      proposal.left_out.push_back(c.name + ": no figure in every run");
      continue;
    }
    if (baseline.FindCase(entry.isl, entry.osl) != nullptr) {
      proposal.left_out.push_back(c.name + ": its ISL/OSL pair is already in");
      continue;
    }
    baseline.cases.push_back(std::move(entry));
  }
  for (const MetricInfo& info : AllMetrics()) {
    if (info.per_case) continue;
    std::vector<history::RunFigure> values;
    for (const StoredRun* r : chosen) {
      if (auto it = r->run.server.find(info.name); it != r->run.server.end()) {
        values.push_back({it->second, {}});
      }
    }
    if (values.size() != chosen.size()) continue;
    const history::FigureReference reference =
        history::ReferenceOf(values, options.spread, info.metric);
    baseline.server[info.metric] = reference.median;
    baseline.tolerances[info.metric] = reference.tolerance;
  }
  if (baseline.cases.empty()) {
    return Error{"no case passed in every one of runs " +
                 Ids(proposal.run_ids) + ", so there is nothing to propose"};
  }

  std::string note = "Proposed by `history propose-baseline` from " +
                     std::to_string(chosen.size()) +
                     " runs: the median of each figure; each tolerance is "
                     "the largest of " +
                     Number(options.spread.min_tolerance * 100) + "%, " +
                     Number(options.spread.spread_factor) +
                     " times the runs' largest deviation from the median, "
                     "and the 95% half-width of one run's mean; overheads "
                     "(absolute tolerances) never tighter than their "
                     "defaults.";
  const std::string labels = history::FormatLabels(newest.run.labels);
  if (!labels.empty()) note += " Labels: " + labels + ".";
  for (const std::string& n : notes) note += " Note: " + n + ".";
  context.notes = note;
  return proposal;
}

}  // namespace servebench::history_tool
