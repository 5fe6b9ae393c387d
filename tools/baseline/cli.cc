// Flags of the baseline tool and the dispatch to update, import and show.
#include "tools/baseline/cli.h"

#include <filesystem>
#include <string>
#include <system_error>

#include "CLI/CLI.hpp"
#include "bench/base/files.h"
#include "bench/results/results_file.h"
#include "tools/baseline/import.h"
#include "tools/baseline/show.h"
#include "tools/baseline/update.h"

namespace servebench::baseline_tool {
namespace {

struct Args {
  std::string run;       // update: the run; import: the seed JSON
  std::string baseline;  // update --baseline, import --out, show NAME
  bool force = false;
  bool samples = false;
  ImportOptions import;  // memory facts stay unset unless given
};

constexpr char kBaselineHelp[] =
    "baseline NAME (baselines/NAME.toml in the workspace) or a .toml path";

int Update(const Args& args, const RunDirectories& env, std::ostream& out,
           std::ostream& err) {
  const std::string path = ResolveBaselinePath(args.baseline, env);
  UpdateOptions options;
  options.force = args.force;
  options.samples = args.samples;
  options.recorded_from = args.run;
  Result<UpdateOutcome> outcome =
      UpdateBaselineFile(ResolveInputPath(args.run, env), path, options);
  if (!outcome.ok()) {
    err << "baseline update: " << outcome.error() << "\n";
    return kExitFailed;
  }
  out << DescribeUpdate(*outcome, path);
  return kExitOk;
}

int Import(const Args& args, const RunDirectories& env, std::ostream& out,
           std::ostream& err) {
  const std::string path = ResolveBaselinePath(args.baseline, env);
  std::error_code ec;
  if (!args.force && std::filesystem::exists(path, ec)) {
    err << "baseline import: " << path
        << " exists; use --force to replace it (its context, tolerances and "
           "notes would be lost; `baseline update` keeps them)\n";
    return kExitFailed;
  }
  Result<RunRecord> run = LoadRunRecord(ResolveInputPath(args.run, env));
  if (!run.ok()) {
    err << "baseline import: " << run.error() << "\n";
    return kExitFailed;
  }
  ImportOptions options = args.import;
  options.force = args.force;
  Result<Baseline> baseline = ImportRun(*run, options);
  if (!baseline.ok()) {
    err << "baseline import: " << baseline.error() << "\n";
    return kExitFailed;
  }
  if (Status written = WriteFileAtomically(path, ImportedFileText(*baseline));
      !written.ok()) {
    err << "baseline import: " << written.error() << "\n";
    return kExitFailed;
  }
  const std::string& suite = baseline->context.suite;
  out << "imported " << args.run << " into " << path << ": "
      << baseline->cases.size() << " cases, suite "
      << (suite.empty() ? "unknown (see notes)" : "\"" + suite + "\"") << "\n";
  return kExitOk;
}

int Show(const Args& args, const RunDirectories& env, std::ostream& out,
         std::ostream& err) {
  Result<Baseline> baseline =
      LoadBaseline(ResolveBaselinePath(args.baseline, env));
  if (!baseline.ok()) {
    err << "baseline show: " << baseline.error() << "\n";
    return kExitFailed;
  }
  out << FormatBaseline(*baseline);
  return kExitOk;
}

}  // namespace

int RunBaselineTool(int argc, const char* const* argv,
                    const RunDirectories& env, std::ostream& out,
                    std::ostream& err) {
  CLI::App app{
      "servebench baseline: write, import and show the TOML baselines that "
      "suites are gated against."};
  app.name("baseline");
  app.require_subcommand(1);
  Args args;

  CLI::App* update = app.add_subcommand(
      "update",
      "Write or refresh a baseline from a finished run, keeping its context, "
      "tolerances and overrides. Refuses runs with failed cases or another "
      "max_model_len, gpu_memory_utilization or suite unless --force.");
  update
      ->add_option("run", args.run,
                   "the run: a suite's test.xml or a "
                   "results JSON")
      ->required();
  update->add_option("--baseline", args.baseline, kBaselineHelp)->required();
  update->add_flag("--force", args.force,
                   "update despite failed cases or a different context");
  update->add_flag("--samples", args.samples,
                   "also store the run's per-run samples");

  CLI::App* import = app.add_subcommand(
      "import",
      "Turn a results JSON of the seed's bench_full.py into a "
      "baseline.");
  import->add_option("results", args.run, "the seed's results JSON")
      ->required();
  import->add_option("--out", args.baseline, kBaselineHelp)->required();
  // Bound to the std::optional fields themselves: CLI11 sets one only when
  // its option is given.
  import
      ->add_option("--model-memory-gib", args.import.model_memory_gib,
                   "\"Model loading took X GiB\" from the server log")
      ->check(CLI::NonNegativeNumber);
  import
      ->add_option("--kv-cache-gib", args.import.kv_cache_gib,
                   "\"Available KV cache memory: X GiB\"")
      ->check(CLI::NonNegativeNumber);
  import
      ->add_option("--kv-cache-tokens", args.import.kv_cache_tokens,
                   "\"GPU KV cache size: N tokens\"")
      ->check(CLI::NonNegativeNumber);
  import
      ->add_option("--gpu-memory-utilization",
                   args.import.gpu_memory_utilization,
                   "the server's --gpu-memory-utilization")
      ->check(CLI::Range(0.0, 1.0));
  import->add_option("--gpu", args.import.gpu, "the GPU it ran on");
  import->add_option("--engine", args.import.engine,
                     "the serving engine (default vLLM)");
  import->add_option("--engine-version", args.import.engine_version,
                     "the engine's version");
  import->add_option("--notes", args.import.notes, "free text for [context]");
  import->add_flag("--force", args.force,
                   "replace an existing file; import despite failed cases");

  CLI::App* show = app.add_subcommand("show", "Print a baseline as a table.");
  show->add_option("baseline", args.baseline, kBaselineHelp)->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;  // --help is not an error
  }
  if (update->parsed()) return Update(args, env, out, err);
  if (import->parsed()) return Import(args, env, out, err);
  if (show->parsed()) return Show(args, env, out, err);
  return kExitUsage;  // unreachable: require_subcommand(1)
}

}  // namespace servebench::baseline_tool
