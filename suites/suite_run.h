// One suite run, composed: settings, the server (or the simulated one), its
// facts, the baseline, the case runner and the results JSON, set up once and
// shared by the cases. Each case is measured, gated and saved here and comes
// back as a CaseReport; the GoogleTest adapter (serving_suite.cc) only
// records and asserts it.
#ifndef SERVEBENCH_SUITES_SUITE_RUN_H_
#define SERVEBENCH_SUITES_SUITE_RUN_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bench/base/result.h"
#include "bench/config/settings.h"
#include "bench/config/suite_spec.h"
#include "bench/facts/clock_comparison.h"
#include "bench/facts/server_facts_collector.h"
#include "bench/gating/baseline.h"
#include "bench/gating/case_gate.h"
#include "bench/history/labels.h"
#include "bench/history/store.h"
#include "bench/prompts/prompt_calibrator.h"
#include "bench/prompts/prompt_synthesizer.h"
#include "bench/prompts/token_counter.h"
#include "bench/results/results_file.h"
#include "bench/runner/case_runner.h"
#include "bench/runner/server_discovery.h"
#include "bench/transport/http_client.h"
#include "suites/junit_properties.h"
#include "tools/sim/launcher/simulated_server.h"

namespace servebench {

using ProgressSink = std::function<void(const std::string&)>;

// What became of one case.
struct CaseReport {
  CaseRecord record;      // as saved in the results JSON
  Properties properties;  // its JUnit properties, identity excluded
  // Set when the case was compared with a baseline, and with the history.
  std::optional<GateReport> gate;
  std::optional<GateReport> history_gate;
  std::optional<std::string> skipped;  // why it did not run
  std::optional<std::string> failure;  // why it failed before any gating
  // The results JSON (or the history) could not be written.
  std::optional<std::string> save_error;
};

// The suite file: BENCH_SUITE_FILE if set, else `compiled_in` (a runfile
// path such as "suites/core.toml").
Result<SuiteSpec> LoadRunSuite(const std::string& compiled_in);

class SuiteRun {
 public:
  // Sets up the run (see the file comment); any error is one sentence that
  // fails every case.
  static Result<std::unique_ptr<SuiteRun>> Start(
      const std::string& compiled_suite_file, ProgressSink progress);
  ~SuiteRun();

  // What the run records at suite level.
  SuiteDescription Describe() const;

  // Runs one case (sequential, or a closed loop at its concurrency), gates
  // it against the baseline and saves it in the results JSON.
  CaseReport MeasureCase(const CaseSpec& spec);

  // The results table and where the JSON is; stops the simulator.
  std::string Finish();

 private:
  SuiteRun() = default;
  Status SetUp(const std::string& compiled_suite_file);
  Status ReadServerFacts(const ClientOptions& options);
  // A length the server's log states, where no endpoint stated one.
  void UseLoggedLengthOverTheDefault();
  // The baseline file (before the server answers), then whether this run
  // may be compared with it (once its facts are known).
  Status LoadBaselineFile();
  void CheckBaselineComparable();
  void MeasureSequential(const CaseSpec& spec, CaseReport& report);
  // What the server and the GPUs said over the case's measured requests,
  // beside the client's figures: into record.server_figures and
  // server_notes, with warnings.
  void RecordServerFigures(const CaseServerFigures& figures,
                           CaseRecord& record);
  // The memory facts and the case's own once-per-case figures that are
  // gated metrics (the server's clock, the overheads, the GPUs).
  std::map<Metric, double> CaseFacts(const CaseRecord& record) const;
  // BENCH_HISTORY: opened (and BENCH_LABELS read) before the server
  // answers; the run is begun once it has.
  Status OpenHistory();
  Status BeginHistoryRun();
  // The case against the last history_gate_runs comparable runs.
  void GateWithHistory(CaseReport& report);
  Status AppendToHistory(const CaseRecord& record);
  void MeasureLoad(const CaseSpec& spec, CaseReport& report);
  // The server, its facts and GPUs as both the results JSON (RunContext) and
  // the JUnit properties (SuiteDescription) record them.
  template <typename Record>
  void DescribeServer(Record& record) const;
  // How far a prompt's measured length may miss its ISL, as a fraction.
  double IslTolerance() const;
  // A server log line fit to record: secrets redacted, valid UTF-8, short.
  std::string SafeLogLine(const std::string& line) const;

  ProgressSink progress_;
  Settings settings_;
  SuiteSpec suite_;
  std::string suite_file_;
  ServerInfo server_;
  std::optional<SimulatedServer> simulator_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<PromptSynthesizer> prompts_;
  CountingMethod counting_;
  std::unique_ptr<PromptCalibrator> calibrator_;
  std::unique_ptr<CaseRunner> runner_;
  std::unique_ptr<ResultsFile> results_;
  std::unique_ptr<ServerFactsCollector> facts_collector_;
  std::optional<ServerFacts> facts_;  // sources fit to record
  std::map<Metric, double> memory_;   // the facts that are gated
  // Set by the case runner's measured-window hooks (CaseRunnerConfig).
  std::optional<CaseServerFigures> case_server_figures_;
  std::optional<Baseline> baseline_;  // none: measure and record only
  std::string baseline_name_, baseline_path_;
  std::string mismatch_;  // why the baseline is not comparable, if it is not
  int max_runs_ = 10;     // bound on repeats for unclear verdicts
  RequestOptions request_options_;
  int warmup_runs_ = 2, runs_ = 3;  // per case (per stream when concurrent)
  std::optional<history::HistoryStore> history_;
  history::Labels labels_;
  int64_t history_run_id_ = 0;
};

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_SUITE_RUN_H_
