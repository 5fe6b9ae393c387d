// Command line of the report tool.
#include "tools/report/report_cli.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <optional>

#include "bench/gating/baseline.h"
#include "bench/history/from_run_record.h"
#include "bench/history/store.h"
#include "bench/results/run_record.h"
#include "tools/report/against_baseline.h"
#include "tools/report/against_history.h"
#include "tools/report/baseline_lookup.h"
#include "tools/report/load_charts.h"
#include "tools/report/load_reference.h"
#include "tools/report/report.h"
#include "tools/report/svg_chart.h"

namespace servebench::report {
namespace {

Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return Error{"cannot write " + path.string()};
  return Ok{};
}

// The load charts' files, name and text.
using ChartFiles = std::vector<std::pair<std::string, std::string>>;

Status WriteOutputs(const std::string& dir, const std::string& markdown,
                    const std::string& svg, const ChartFiles& load_charts) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Error{"cannot create the output folder " + dir + ": " +
                 error.message()};
  }
  Status status = WriteFile(std::filesystem::path(dir) / "report.md", markdown);
  if (!status.ok()) return status;
  for (const auto& [name, text] : load_charts) {
    SB_RETURN_IF_ERROR(WriteFile(std::filesystem::path(dir) / name, text));
  }
  return WriteFile(std::filesystem::path(dir) / "chart.svg", svg);
}

// The run's history (--history DB --last N): runs of the same model and
// suite where the run names them; AgainstHistory checks the rest.
Result<Reference> LoadHistoryReference(const RunRecord& run,
                                       const std::string& run_path,
                                       const std::string& history_path,
                                       size_t last) {
  history::StoreOptions store_options;
  store_options.create = false;
  auto store = history::HistoryStore::Open(history_path, store_options);
  if (!store.ok()) return store;
  history::RunFilter filter;
  filter.model = run.model;
  filter.suite = run.suite;
  auto runs = store->LoadRuns(filter);
  if (!runs.ok()) return runs;
  auto context = history::ReadRunContext(run_path);
  if (!context.ok()) return context;
  return AgainstHistory(run, *context, *runs, history_path, last);
}

// `load` also gets the load levels' reference.
Result<std::optional<Reference>> LoadReference(
    const RunRecord& run, const std::string& baseline_name,
    const std::string& against, const RunDirectories& environment,
    std::optional<report::LevelReference>& load) {
  if (!baseline_name.empty()) {
    auto path = ResolveBaseline(baseline_name, environment);
    if (!path.ok()) return path;
    auto baseline = LoadBaseline(*path);
    if (!baseline.ok()) return baseline;
    load = LevelsAgainstBaseline(run, *baseline);
    return std::optional<Reference>(AgainstBaseline(run, *baseline));
  }
  if (!against.empty()) {
    auto other = LoadRunRecord(ResolveInputPath(against, environment));
    if (!other.ok()) return other;
    load = LevelsAgainstRun(run, *other);
    return std::optional<Reference>(AgainstRun(run, *other));
  }
  return std::optional<Reference>();
}

}  // namespace

int RunReportTool(const std::vector<std::string>& args,
                  const RunDirectories& environment, std::ostream& out,
                  std::ostream& err) {
  CLI::App app{
      "Markdown report (and SVG chart) of a servebench run: a suite's JUnit "
      "XML, a servebench results JSON or a results JSON of the seed script.",
      "report"};
  std::string input, baseline_name, against, history_path, out_dir;
  size_t last = 5;
  app.add_option("run", input, "test.xml or results JSON of the run")
      ->required();
  CLI::Option* baseline_option = app.add_option(
      "--baseline", baseline_name,
      "baseline to compare with: a path, or NAME for baselines/NAME.toml");
  CLI::Option* against_option =
      app.add_option("--against", against, "another run to compare with")
          ->excludes(baseline_option);
  CLI::Option* history_option =
      app.add_option("--history", history_path,
                     "a history database (//tools:history) to compare with: "
                     "the median of the last N comparable runs per case")
          ->excludes(baseline_option)
          ->excludes(against_option);
  app.add_option("--last", last, "with --history: how many comparable runs (N)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000))
      ->needs(history_option);
  app.add_option("--out", out_dir,
                 "also write report.md and chart.svg into this folder");
  std::vector<std::string> argv_storage = {"report"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err) == 0 ? 0 : 2;
  }

  auto run = LoadRunRecord(ResolveInputPath(input, environment));
  if (!run.ok()) {
    err << "report: " << run.error() << "\n";
    return 1;
  }
  Result<std::optional<Reference>> reference = std::optional<Reference>();
  std::optional<report::LevelReference> load_reference;
  if (!history_path.empty()) {
    auto from_history =
        LoadHistoryReference(*run, ResolveInputPath(input, environment),
                             ResolveInputPath(history_path, environment), last);
    if (!from_history.ok()) {
      reference = Error{from_history.error()};
    } else {
      reference = std::optional<Reference>(std::move(*from_history));
    }
  } else {
    reference = LoadReference(*run, baseline_name, against, environment,
                              load_reference);
  }
  if (!reference.ok()) {
    err << "report: " << reference.error() << "\n";
    return 1;
  }
  const Reference* ref = reference->has_value() ? &**reference : nullptr;
  ReportOptions options;
  if (!out_dir.empty()) options.chart_file = "chart.svg";
  options.load_reference = load_reference ? &*load_reference : nullptr;
  const Curves curves = CurvesOf(*run);
  ChartFiles load_charts;
  if (!out_dir.empty() && !curves.empty()) {
    load_charts = {{"pareto.svg",
                    ParetoChart(curves, run->source, options.load_reference)},
                   {"latency.svg",
                    LatencyChart(curves, run->source, options.load_reference)}};
    options.load_charts = {
        {"Per-user against total throughput per load level", "pareto.svg"},
        {"TTFT against achieved rate per load level", "latency.svg"}};
  }
  const std::string markdown = RenderReport(*run, ref, options);
  out << markdown;
  if (!out_dir.empty()) {
    const std::string dir = ResolveInputPath(out_dir, environment);
    Status written =
        WriteOutputs(dir, markdown, SvgChart(*run, ref), load_charts);
    if (!written.ok()) {
      err << "report: " << written.error() << "\n";
      return 1;
    }
    err << "report: wrote " << dir << "/report.md and " << dir
        << "/chart.svg\n";
  }
  return 0;
}

}  // namespace servebench::report
