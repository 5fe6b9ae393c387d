// Flags of the history tool and the dispatch to its subcommands.
#include "tools/history/cli.h"

#include <string>

#include "CLI/CLI.hpp"
#include "bench/base/cli_options.h"
#include "tools/history/commands.h"

namespace servebench::history_tool {
namespace {

constexpr char kDbHelp[] =
    "the history database (default: $BENCH_HISTORY); import creates it";

void AddDb(CLI::App* command, Args& args) {
  command->add_option("--db", args.db, kDbHelp);
}

void AddFilters(CLI::App* command, Args& args, bool with_last) {
  command->add_option("--suite", args.filters.suite, "only runs of this suite");
  command->add_option("--model", args.filters.model, "only runs of this model");
  command->add_option("--label", args.filters.labels,
                      "only runs with this label, KEY=VALUE (repeatable)");
  command->add_option("--since", args.filters.since,
                      "only runs started on or after, e.g. 2026-02-01");
  command->add_option("--until", args.filters.until,
                      "only runs started on or before, e.g. 2026-02-28 "
                      "(the whole day)");
  if (with_last) {
    command->add_option("--last", args.filters.last,
                        "only the newest N runs that pass the other filters");
  }
}

void AddDetection(CLI::App* command, Args& args) {
  AddChecked(*command, "--significance", args.significance,
             "p-value at or below which a change holds",
             CLI::Range(0.0001, 0.5));
  AddChecked(*command, "--permutations", args.permutations,
             "shuffles in the permutation test", CLI::Range(19, 100000));
  AddChecked(*command, "--min-change-pct", args.min_change_pct,
             "smallest change of the mean worth reporting, in percent",
             CLI::Range(0.0, 1000.0));
  AddChecked(*command, "--min-segment", args.min_segment,
             "runs on each side of a change", CLI::Range(2, 1000));
  AddShown(*command, "--seed", args.seed,
           "seed of the permutation test's shuffles");
}

}  // namespace

int RunHistoryTool(int argc, const char* const* argv, const ToolEnv& env,
                   std::ostream& out, std::ostream& err) {
  CLI::App app{
      "servebench history: every run kept in a SQLite database; trends, "
      "change points and baselines proposed from the history."};
  app.name("history");
  app.require_subcommand(1);
  Args args;

  CLI::App* import = app.add_subcommand(
      "import",
      "Add result files to the history: a suite's test.xml, servebench's "
      "results JSON or the seed script's JSON. A run already there (same "
      "start time, host, model and suite) is skipped.");
  AddDb(import, args);
  import->add_option("files", args.files, "result files")->required();
  import->add_option("--labels", args.labels,
                     "labels for these runs, KEY=VALUE,KEY2=VALUE2 (the "
                     "syntax of BENCH_LABELS)");
  import->add_option("--commit", args.commit,
                     "the git commit the runs were measured at");
  import->add_option("--engine-version", args.engine_version,
                     "the serving engine's version");

  CLI::App* list = app.add_subcommand("list", "List runs, oldest first.");
  AddDb(list, args);
  AddFilters(list, args, true);

  CLI::App* trend = app.add_subcommand(
      "trend",
      "One figure of one case across runs: a table (and an SVG chart with "
      "--svg) of each run's median with its min-max, the baseline, and "
      "change points.");
  AddDb(trend, args);
  trend->add_option("--case", args.case_name, "e.g. Isl1024Osl128")->required();
  trend
      ->add_option("--metric", args.metric, "e.g. decode_tps, tpot_ms, ttft_ms")
      ->required();
  trend->add_option("--svg", args.svg, "also write the chart to this file");
  trend->add_option("--baseline", args.baseline,
                    "draw this baseline's figure: NAME (baselines/NAME.toml) "
                    "or a .toml path");
  AddFilters(trend, args, true);
  AddDetection(trend, args);

  CLI::App* changes = app.add_subcommand(
      "changes",
      "Change points in every (case, metric) series: E-divisive means with "
      "a permutation test and a minimum relative change; each names the two "
      "runs around it and what differs in their contexts.");
  AddDb(changes, args);
  changes->add_option("--case", args.case_name, "only this case");
  changes->add_option("--metric", args.metric, "only this metric");
  AddFilters(changes, args, true);
  AddDetection(changes, args);
  changes->add_option("--recent", args.recent,
                      "only changes within the newest N runs of their series");
  changes->add_flag("--fail-on-regression", args.fail_on_regression,
                    "exit 1 when a reported change is for the worse");

  CLI::App* propose = app.add_subcommand(
      "propose-baseline",
      "Write a baseline TOML from the last N comparable runs: the median of "
      "each figure, tolerances from their spread. Refuses runs that are not "
      "apples-to-apples (suite, model, max_model_len, "
      "gpu_memory_utilization, labels).");
  AddDb(propose, args);
  propose
      ->add_option("--out", args.out,
                   "NAME (baselines/NAME.toml in the workspace) or a .toml "
                   "path")
      ->required();
  AddFilters(propose, args, false);
  AddChecked(*propose, "--last", args.propose_last, "how many runs (N)",
             CLI::Range(1, 1000));
  AddChecked(*propose, "--min-tolerance-pct", args.min_tolerance_pct,
             "no tolerance tighter than this, in percent",
             CLI::Range(0.0, 100.0));
  AddChecked(*propose, "--spread-factor", args.spread_factor,
             "tolerance = this times the largest deviation from the "
             "median",
             CLI::Range(0.0, 100.0));
  propose->add_flag("--force", args.force, "replace an existing file");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;  // --help is not an error
  }
  if (import->parsed()) return ImportCommand(args, env, out, err);
  if (list->parsed()) return ListCommand(args, env, out, err);
  if (trend->parsed()) return TrendCommand(args, env, out, err);
  if (changes->parsed()) return ChangesCommand(args, env, out, err);
  if (propose->parsed()) return ProposeCommand(args, env, out, err);
  return kExitUsage;  // unreachable: require_subcommand(1)
}

}  // namespace servebench::history_tool
