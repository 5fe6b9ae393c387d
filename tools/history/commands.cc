// What each subcommand does with the history database.
#include "tools/history/commands.h"

#include <filesystem>

#include "bench/base/files.h"
#include "bench/gating/baseline.h"
#include "bench/history/from_run_record.h"
#include "bench/history/labels.h"
#include "bench/history/store.h"
#include "bench/results/run_record.h"
#include "tools/history/changes.h"
#include "tools/history/cli.h"
#include "tools/history/propose.h"
#include "tools/history/runs_table.h"
#include "tools/history/trend.h"
#include "tools/history/trend_chart.h"

namespace servebench::history_tool {
namespace {

using history::HistoryStore;
using history::StoredRun;

Result<std::string> DatabasePath(const Args& args, const ToolEnv& env) {
  const std::string& path = args.db.empty() ? env.history : args.db;
  if (path.empty()) {
    return Error{"no history database: pass --db PATH or set BENCH_HISTORY"};
  }
  return ResolveInputPath(path, env);
}

Result<HistoryStore> OpenStore(const Args& args, const ToolEnv& env,
                               bool create) {
  Result<std::string> path = DatabasePath(args, env);
  if (!path.ok()) return path;
  history::StoreOptions options;
  options.create = create;
  return HistoryStore::Open(*path, options);
}

Result<history::RunFilter> RunFilterOf(const Filters& filters) {
  history::RunFilter filter;
  filter.suite = filters.suite;
  filter.model = filters.model;
  filter.since = filters.since;
  filter.until = filters.until;
  filter.last = filters.last;
  for (const std::string& label : filters.labels) {
    Result<history::Labels> parsed = history::ParseLabels(label);
    if (!parsed.ok()) {
      return Error{"--label " + label + ": " + parsed.error()};
    }
    for (const auto& [key, value] : *parsed) filter.labels[key] = value;
  }
  return filter;
}

Result<std::vector<StoredRun>> LoadSelection(const Args& args,
                                             const ToolEnv& env) {
  Result<HistoryStore> store = OpenStore(args, env, /*create=*/false);
  if (!store.ok()) return store;
  Result<history::RunFilter> filter = RunFilterOf(args.filters);
  if (!filter.ok()) return filter;
  return store->LoadRuns(*filter);
}

history::ChangePointOptions DetectionOf(const Args& args) {
  history::ChangePointOptions options;
  options.significance = args.significance;
  options.permutations = args.permutations;
  options.min_segment = args.min_segment;
  options.min_relative_change = args.min_change_pct / 100;
  options.seed = args.seed;
  return options;
}

int Fail(const std::string& command, const std::string& message,
         std::ostream& err) {
  err << "history " << command << ": " << message << "\n";
  return kExitFailed;
}

}  // namespace

int ImportCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                  std::ostream& err) {
  Result<history::Labels> labels = history::ParseLabels(args.labels);
  if (!labels.ok()) return Fail("import", "--labels: " + labels.error(), err);
  Result<HistoryStore> store = OpenStore(args, env, /*create=*/true);
  if (!store.ok()) return Fail("import", store.error(), err);
  int status = kExitOk;
  for (const std::string& file : args.files) {
    const std::string path = ResolveInputPath(file, env);
    Result<RunRecord> record = LoadRunRecord(path);
    if (!record.ok()) {
      status = Fail("import", record.error(), err);
      continue;
    }
    Result<std::map<std::string, std::string>> context =
        history::ReadRunContext(path);
    if (!context.ok()) {
      status = Fail("import", context.error(), err);
      continue;
    }
    history::ImportedRun imported =
        history::FromRunRecord(*record, std::move(*context));
    imported.run.source = file;  // as the user named it, not a sandbox path
    for (const auto& [key, value] : *labels) imported.run.labels[key] = value;
    if (!args.commit.empty()) imported.run.commit = args.commit;
    if (!args.engine_version.empty()) {
      imported.run.engine_version = args.engine_version;
    }
    Result<history::AppendOutcome> appended =
        store->AppendRun(imported.run, imported.cases, /*skip_duplicate=*/true);
    if (!appended.ok()) {
      status = Fail("import", file + ": " + appended.error(), err);
      continue;
    }
    if (appended->inserted) {
      out << "imported " << file << " as run " << appended->run_id << " ("
          << imported.cases.size() << " cases, started "
          << (imported.run.started_at.empty() ? "at an unknown time"
                                              : imported.run.started_at)
          << ")\n";
    } else {
      out << "skipped " << file << ": already in the history as run "
          << appended->run_id << " (same start time, host, model and suite)\n";
    }
  }
  return status;
}

int ListCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                std::ostream& err) {
  Result<std::vector<StoredRun>> runs = LoadSelection(args, env);
  if (!runs.ok()) return Fail("list", runs.error(), err);
  if (runs->empty()) {
    out << "no runs match\n";
    return kExitOk;
  }
  out << RunsTable(*runs);
  return kExitOk;
}

int TrendCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                 std::ostream& err) {
  Result<std::vector<StoredRun>> runs = LoadSelection(args, env);
  if (!runs.ok()) return Fail("trend", runs.error(), err);
  Result<Trend> trend =
      BuildTrend(*runs, args.case_name, args.metric, DetectionOf(args));
  if (!trend.ok()) return Fail("trend", trend.error(), err);
  if (!args.baseline.empty()) {
    const std::string path = ResolveBaselinePath(args.baseline, env);
    Result<Baseline> baseline = LoadBaseline(path);
    if (!baseline.ok()) return Fail("trend", baseline.error(), err);
    const std::optional<Metric> metric = MetricByName(args.metric);
    const TrendRow& newest = trend->rows.back();
    const history::HistoryCase* c =
        (*runs)[newest.point.run_index].FindCase(args.case_name);
    const BaselineCase* entry =
        c == nullptr ? nullptr : baseline->FindCase(c->isl, c->osl);
    if (metric && entry != nullptr) {
      if (auto it = entry->figures.find(*metric); it != entry->figures.end()) {
        trend->baseline = it->second;
        trend->baseline_source = args.baseline;
      }
    }
    if (!trend->baseline) {
      err << "history trend: note: " << path << " has no " << args.metric
          << " for " << args.case_name << "; no baseline line drawn\n";
    }
  }
  out << TrendTable(*trend);
  if (!args.svg.empty()) {
    const std::string path = ResolveInputPath(args.svg, env);
    if (Status written = WriteFileAtomically(path, TrendChart(*trend));
        !written.ok()) {
      return Fail("trend", written.error(), err);
    }
    err << "history trend: wrote " << path << "\n";
  }
  return kExitOk;
}

int ChangesCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                   std::ostream& err) {
  Result<std::vector<StoredRun>> runs = LoadSelection(args, env);
  if (!runs.ok()) return Fail("changes", runs.error(), err);
  ChangesOptions options;
  options.detection = DetectionOf(args);
  options.case_name = args.case_name;
  options.metric = args.metric;
  options.recent = args.recent;
  Result<ChangesFound> found = FindChanges(*runs, options);
  if (!found.ok()) return Fail("changes", found.error(), err);
  out << ChangesReport(*found, options);
  if (args.fail_on_regression) {
    size_t regressions = 0;
    for (const Change& c : found->changes) regressions += c.regression;
    if (regressions > 0) {
      err << "history changes: " << regressions << " change"
          << (regressions == 1 ? "" : "s") << " for the worse\n";
      return kExitFailed;
    }
  }
  return kExitOk;
}

int ProposeCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                   std::ostream& err) {
  const std::string path = ResolveBaselinePath(args.out, env);
  std::error_code ec;
  if (!args.force && std::filesystem::exists(path, ec)) {
    return Fail("propose-baseline",
                path +
                    " exists; use --force to replace it (or `baseline "
                    "update` to refresh it from one run, keeping its "
                    "tolerances and notes)",
                err);
  }
  Args selection = args;
  selection.filters.last = 0;  // ProposeBaseline takes the newest N itself
  Result<std::vector<StoredRun>> runs = LoadSelection(selection, env);
  if (!runs.ok()) return Fail("propose-baseline", runs.error(), err);
  ProposeOptions options;
  options.last = args.propose_last;
  options.spread.min_tolerance = args.min_tolerance_pct / 100;
  options.spread.spread_factor = args.spread_factor;
  options.history_path = args.db.empty() ? env.history : args.db;
  Result<Proposal> proposal = ProposeBaseline(*runs, options);
  if (!proposal.ok()) return Fail("propose-baseline", proposal.error(), err);
  proposal->baseline.source = path;
  if (Status written =
          WriteFileAtomically(path, SerializeBaseline(proposal->baseline));
      !written.ok()) {
    return Fail("propose-baseline", written.error(), err);
  }
  out << "wrote " << path << " from runs ";
  for (size_t i = 0; i < proposal->run_ids.size(); ++i) {
    out << (i == 0 ? "" : ", ") << proposal->run_ids[i];
  }
  out << ": " << proposal->baseline.cases.size() << " cases\n";
  for (const std::string& left : proposal->left_out) {
    out << "  left out " << left << "\n";
  }
  return kExitOk;
}

}  // namespace servebench::history_tool
