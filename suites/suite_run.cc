// Setting up a suite run and measuring, gating and saving its cases.
#include "suites/suite_run.h"

#include <unistd.h>

#include <algorithm>

#include "bench/base/env.h"
#include "bench/base/interrupt.h"
#include "bench/base/limits.h"
#include "bench/base/runfiles.h"
#include "bench/base/safe_text.h"
#include "bench/base/text_format.h"
#include "bench/gating/apples_to_apples.h"
#include "bench/gating/baseline_location.h"
#include "bench/history/from_suite.h"
#include "bench/history/git_commit.h"
#include "bench/history/history_gate.h"
#include "bench/results/results_table.h"
#include "bench/transport/url.h"
#include "suites/load_run.h"

namespace servebench {
namespace {

std::string Hostname() {
  char name[256] = {0};
  return gethostname(name, sizeof name - 1) == 0 ? name : "";
}

std::string OutputsDir() {
  return EnvValue(ProcessEnv(), "TEST_UNDECLARED_OUTPUTS_DIR").value_or("");
}

}  // namespace

Result<SuiteSpec> LoadRunSuite(const std::string& compiled_in) {
  if (auto path = EnvValue(ProcessEnv(), "BENCH_SUITE_FILE")) {
    return LoadSuiteSpec(*path);
  }
  SB_ASSIGN_OR_RETURN(const std::string path, Runfile(compiled_in));
  return LoadSuiteSpec(path);
}

Result<std::unique_ptr<SuiteRun>> SuiteRun::Start(
    const std::string& compiled_suite_file, ProgressSink progress) {
  std::unique_ptr<SuiteRun> run(new SuiteRun());
  run->progress_ = std::move(progress);
  SB_RETURN_IF_ERROR(run->SetUp(compiled_suite_file));
  return run;
}

SuiteRun::~SuiteRun() {
  if (simulator_) simulator_->Stop();
}

std::string SuiteRun::SafeLogLine(const std::string& line) const {
  return ValidUtf8(RedactSecrets(line, {settings_.api_key}).substr(0, 300));
}

Status SuiteRun::ReadServerFacts(const ClientOptions& options) {
  SB_ASSIGN_OR_RETURN(
      facts_collector_,
      ServerFactsCollector::Start(
          ProcessEnv(), simulator_ ? simulator_->log_path() : "", settings_.url,
          server_.model, options, settings_.scrape_metrics,
          [this](const std::string& w) { progress_("warning: " + w); }));
  facts_ = facts_collector_->facts();
  memory_ = facts_collector_->Memory();
  if (facts_) {
    for (auto& [name, line] : facts_->sources) line = SafeLogLine(line);
    progress_("server facts from " +
              (facts_collector_->log_source().empty()
                   ? std::string("/metrics")
                   : facts_collector_->log_source()) +
              ": engine " + EngineName(facts_->engine));
  }
  return Ok{};
}

void SuiteRun::UseLoggedLengthOverTheDefault() {
  // TensorRT-LLM states its length only in its log (max_seq_len=...).
  if (server_.max_model_len_source.rfind("default", 0) != 0 || !facts_ ||
      !facts_->max_model_len || *facts_->max_model_len < 1 ||
      *facts_->max_model_len > kMaxServerTokens) {
    return;
  }
  server_.max_model_len = *facts_->max_model_len;
  const auto line = facts_->sources.find("max_model_len");
  // What the server's endpoints said and was ignored stays in the source.
  const std::string passed_over =
      server_.max_model_len_source.substr(std::string("default").size());
  server_.max_model_len_source =
      "server log" +
      (line == facts_->sources.end() ? std::string()
                                     : ": " + line->second.substr(0, 120)) +
      passed_over;
  const std::string was =
      ", using the default " + std::to_string(kDefaultMaxModelLen);
  for (std::string& note : server_.notes) {
    if (const size_t at = note.find(was); at != std::string::npos) {
      note.replace(at, was.size(),
                   ", using " + std::to_string(server_.max_model_len) +
                       " from the server log");
    }
  }
}

Status SuiteRun::LoadBaselineFile() {
  max_runs_ = settings_.max_runs.value_or(std::max(10, runs_));
  baseline_name_ =
      settings_.baseline.empty() ? suite_.baseline : settings_.baseline;
  if (settings_.baseline_disabled || baseline_name_.empty()) {
    baseline_name_.clear();
    return Ok{};
  }
  SB_ASSIGN_OR_RETURN(baseline_path_,
                      ResolveSuiteBaseline(baseline_name_, suite_.name));
  SB_ASSIGN_OR_RETURN(baseline_, LoadBaseline(baseline_path_));
  baseline_->source = baseline_name_;
  return Ok{};
}

void SuiteRun::CheckBaselineComparable() {
  if (!baseline_) {
    progress_("no baseline: figures are recorded, not gated");
    return;
  }
  const RunIdentity identity{
      suite_.name, server_.max_model_len, server_.max_model_len_source,
      facts_ ? facts_->gpu_memory_utilization : std::nullopt};
  const std::vector<std::string> differences =
      ContextMismatches(identity, baseline_->context);
  std::string listed;
  for (const auto& d : differences) listed += (listed.empty() ? "" : "; ") + d;
  if (!differences.empty() && !settings_.allow_mismatch) {
    mismatch_ = "this run is not comparable with baseline " + baseline_name_ +
                ": " + listed +
                ". Compare only runs with the same max_model_len, "
                "gpu_memory_utilization and suite, or set "
                "BENCH_ALLOW_MISMATCH=1 to compare anyway";
  }
  progress_("baseline " + baseline_name_ + " (" + baseline_path_ + ")" +
            (differences.empty()
                 ? ""
                 : (settings_.allow_mismatch ? ", compared despite: "
                                             : ", NOT comparable: ") +
                       listed));
}

Status SuiteRun::SetUp(const std::string& compiled_suite_file) {
  // First everything that needs no server, so that a typo is reported at
  // once rather than after the readiness wait (up to BENCH_READY_TIMEOUT).
  SB_ASSIGN_OR_RETURN(settings_, LoadSettings(ProcessEnv()));
  SB_ASSIGN_OR_RETURN(suite_, LoadRunSuite(compiled_suite_file));
  suite_file_ =
      settings_.suite_file.empty() ? compiled_suite_file : settings_.suite_file;
  warmup_runs_ = settings_.warmup_runs.value_or(suite_.warmup_runs);
  runs_ = settings_.runs.value_or(suite_.runs);
  SB_RETURN_IF_ERROR(ServerFactsCollector::CheckSettings(ProcessEnv()));
  SB_RETURN_IF_ERROR(LoadBaselineFile());
  SB_RETURN_IF_ERROR(OpenHistory());
  const std::string outputs = OutputsDir();
  std::string path = settings_.results_file;
  if (path.empty()) {
    path = (outputs.empty() ? std::string(".") : outputs) + "/results.json";
  }
  RunContext context;
  context.suite = suite_.name;
  context.suite_file = suite_file_;
  context.endpoint = EndpointName(settings_.endpoint);
  context.warmup_runs = warmup_runs_;
  context.runs = runs_;
  context.started_at = LocalTimestamp();
  context.host = Hostname();
  context.matrix = suite_.cases;
  results_ = std::make_unique<ResultsFile>(path, std::move(context));
  SB_RETURN_IF_ERROR(results_->Write());  // is it writable?
  progress_("results JSON: " + path);

  if (settings_.use_simulator) {
    const std::string log =
        (outputs.empty() ? std::string("/tmp") : outputs) + "/sim_server.log";
    SB_ASSIGN_OR_RETURN(SimulatedServer sim,
                        SimulatedServer::Start(settings_.simulator_flags, log));
    simulator_.emplace(std::move(sim));
    settings_.url = simulator_->url();
    settings_.url_source = "BENCH_SIM";
    progress_("started the simulated server at " + settings_.url +
              " (log: " + log + ")");
  }

  ClientOptions options;
  options.connect_timeout_s = settings_.connect_timeout_s;
  options.stall_timeout_s = settings_.stall_timeout_s;
  options.api_key = settings_.api_key;
  client_ = std::make_unique<HttpClient>(options);

  progress_("waiting for " + RedactUrl(settings_.url) + " (" +
            settings_.url_source + ")");
  SB_ASSIGN_OR_RETURN(server_, WaitForServer(*client_, settings_, progress_));
  progress_("model " + server_.model + " (" + server_.model_source + ")");

  SB_RETURN_IF_ERROR(ReadServerFacts(options));
  UseLoggedLengthOverTheDefault();
  // Said once the length is settled: each note names the value used.
  for (const std::string& note : server_.notes) progress_("warning: " + note);
  progress_("max model length " + std::to_string(server_.max_model_len) + " (" +
            server_.max_model_len_source + ")");
  CheckBaselineComparable();

  prompts_ = std::make_unique<PromptSynthesizer>(FreshNonce());
  RequestOptions probe_options;
  probe_options.exact_output_length = suite_.exact_output_length;
  counting_ = ChooseTokenCounter(*client_, settings_.url, server_.model,
                                 settings_.endpoint, probe_options);
  calibrator_ = std::make_unique<PromptCalibrator>(*prompts_, counting_.counter,
                                                   counting_.name);
  if (!counting_.note.empty()) progress_("warning: " + counting_.note);
  progress_("prompt lengths are calibrated with " + counting_.name);
  CaseRunnerConfig config{settings_.url, server_.model, settings_.endpoint,
                          warmup_runs_, runs_};
  config.request_options.exact_output_length = suite_.exact_output_length;
  config.request_options.continuous_usage = suite_.continuous_usage;
  request_options_ = config.request_options;
  config.calibrator = calibrator_.get();
  // Exact where the server's own tokenizer counted, else within 0.5%.
  config.isl_tolerance = suite_.isl_tolerance_pct
                             ? *suite_.isl_tolerance_pct / 100
                             : (counting_.server_tokenizer ? 0.0 : 0.005);
  config.allow_short_outputs = suite_.allow_short_outputs;
  // The server's and the GPUs' figures cover the measured requests only.
  config.on_measured_begin = [this] {
    if (facts_collector_) facts_collector_->BeginCase();
  };
  config.on_measured_end = [this] {
    if (facts_collector_)
      case_server_figures_ = facts_collector_->EndCase(runs_);
  };
  runner_ = std::make_unique<CaseRunner>(*client_, *prompts_, std::move(config),
                                         progress_);

  RunContext& known = results_->context();
  known.server = RedactUrl(settings_.url);
  known.model = server_.model;
  known.model_source = server_.model_source;
  known.max_model_len = server_.max_model_len;
  known.max_model_len_source = server_.max_model_len_source;
  known.facts = facts_;
  known.server_log = facts_collector_->log_source();
  known.gpu_count = facts_collector_->gpu_count();
  known.gpu_names = facts_collector_->gpu_names();
  known.gpu_source = RedactUrl(facts_collector_->gpu_source());
  SB_RETURN_IF_ERROR(results_->Write());
  return BeginHistoryRun();
}

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

SuiteDescription SuiteRun::Describe() const {
  SuiteDescription d;
  d.suite = suite_.name;
  d.model = server_.model;
  d.max_model_len = server_.max_model_len;
  d.max_model_len_source = server_.max_model_len_source;
  d.server = RedactUrl(settings_.url);
  d.endpoint = EndpointName(settings_.endpoint);
  if (baseline_) d.baseline = baseline_->source;
  d.isl_calibration = counting_.name;
  d.exact_output_length = suite_.exact_output_length;
  d.facts = facts_;
  d.server_log = facts_collector_->log_source();
  d.gpu_count = facts_collector_->gpu_count();
  d.gpu_names = facts_collector_->gpu_names();
  d.gpu_source = RedactUrl(facts_collector_->gpu_source());
  return d;
}

CaseReport SuiteRun::MeasureCase(const CaseSpec& spec) {
  CaseReport report;
  CaseRecord& record = report.record;
  record.outcome.spec = spec;
  if (Interrupted()) {
    record.status = CaseStatus::kSkipped;
    record.message = std::string("not run: the run was interrupted by ") +
                     InterruptSignalName();
  } else if (spec.isl + spec.osl > server_.max_model_len) {
    record.status = CaseStatus::kSkipped;
    record.message = "ISL + OSL = " + std::to_string(spec.isl + spec.osl) +
                     " exceeds the max model length " +
                     std::to_string(server_.max_model_len) + " (" +
                     server_.max_model_len_source + ")";
  }
  if (record.status == CaseStatus::kSkipped) {
    report.skipped = record.message;
  } else if (spec.is_load()) {
    MeasureLoad(spec, report);
  } else {
    MeasureSequential(spec, report);
  }
  if (Status saved = results_->Record(record); !saved.ok()) {
    report.save_error = saved.error();
  } else if (Status kept = AppendToHistory(record); !kept.ok()) {
    report.save_error = kept.error() + " (the results JSON has the case)";
  }
  return report;
}

void SuiteRun::RecordServerFigures(const CaseServerFigures& figures,
                                   CaseRecord& record) {
  const std::string name = record.outcome.spec.Name();
  record.server_figures = figures.Named();
  const CaseOutcome& outcome = record.outcome;
  // Means over the measured requests (Summarize would also sort every
  // inter-token latency: a twentieth of a suite run's instructions).
  const auto mean = [&](auto get) -> std::optional<double> {
    double sum = 0;
    int n = 0;
    for (const RequestFigures& f : outcome.samples) {
      if (const std::optional<double> v = get(f)) {
        sum += *v;
        ++n;
      }
    }
    if (n == 0) return std::nullopt;
    return sum / n;
  };

  ClockInputs in;
  in.client_ttft_ms = mean(
      [](const RequestFigures& f) { return std::optional<double>(f.ttft_ms); });
  in.client_tpot_ms = mean([](const RequestFigures& f) { return f.tpot_ms; });
  in.timings_ttft_ms =
      mean([](const RequestFigures& f) { return f.server_ttft_ms; });
  in.timings_tpot_ms =
      mean([](const RequestFigures& f) { return f.server_tpot_ms; });
  in.histograms = figures.clock;
  in.measured_requests = static_cast<int>(outcome.samples.size());
  in.tpot_limit_pct = suite_.tpot_disagreement_limit_pct;
  const ClockComparison clock = CompareClocks(in);
  for (const auto& named : clock.Named())
    record.server_figures.push_back(named);
  if (!clock.source.empty()) {
    record.server_notes.emplace_back("server_clock_source", clock.source);
  }
  for (const std::string& warning : clock.warnings) {
    progress_("[" + name + "] warning: " + warning);
  }
  if (clock.tpot_disagrees) {
    record.server_notes.emplace_back("tpot_disagreement_warning",
                                     clock.warnings.back());
  }

  if (figures.gpu && figures.gpu->energy_j) {
    int64_t tokens = 0;
    for (const RequestFigures& f : outcome.samples)
      tokens += f.completion_tokens;
    if (tokens > 0) {
      record.server_figures.emplace_back(
          "energy_per_output_token_j",
          *figures.gpu->energy_j / static_cast<double>(tokens));
    }
    record.server_notes.emplace_back("gpu_energy_method",
                                     figures.gpu->energy_method);
  }
  for (const auto& [metric, value] : memory_) {
    // Server-wide, repeated on every case: dashboards read one row per case.
    record.server_figures.emplace_back(Info(metric).name, value);
  }
}

std::map<Metric, double> SuiteRun::CaseFacts(const CaseRecord& record) const {
  std::map<Metric, double> facts = memory_;
  for (const auto& [name, value] : record.server_figures) {
    const std::optional<Metric> metric = MetricByName(name);
    if (metric && Info(*metric).per_case && !Info(*metric).per_run) {
      facts[*metric] = value;
    }
  }
  return facts;
}

void SuiteRun::MeasureSequential(const CaseSpec& spec, CaseReport& report) {
  CaseRecord& record = report.record;
  case_server_figures_.reset();
  record.outcome = runner_->Run(spec);
  RecordServerFigures(case_server_figures_.value_or(CaseServerFigures{}),
                      record);
  const std::map<Metric, double> case_facts = CaseFacts(record);
  const CaseOutcome& outcome = record.outcome;

  const BaselineCase* baseline_case =
      baseline_ ? baseline_->FindCase(spec.isl, spec.osl) : nullptr;
  if (baseline_ && baseline_case == nullptr) {
    report.properties.push_back({"verdict", "no baseline"});
    progress_("[" + spec.Name() + "] " + baseline_->source +
              " has no entry for this case: not gated");
  }
  // A run that is not comparable with the baseline is not compared with it.
  if (baseline_case != nullptr && !outcome.failure && mismatch_.empty()) {
    report.gate = GateCase(
        ExpectationFor(*baseline_, *baseline_case,
                       settings_.inconclusive_fails),
        record.outcome, case_facts, max_runs_,
        [&] { return runner_->MeasureMore(record.outcome, max_runs_); });
    const Comparison& comparison = report.gate->comparison;
    const Properties compared = ComparisonProperties(comparison);
    report.properties.insert(report.properties.end(), compared.begin(),
                             compared.end());
    record.baseline_source = report.gate->expectation.source;
    record.verdict = VerdictName(comparison.Overall());
    for (const auto& m : comparison.metrics) {
      record.baseline.push_back(BaselineFigure{Info(m.metric).name, m.baseline,
                                               m.change_pct,
                                               VerdictName(m.verdict)});
    }
  }
  if (!outcome.failure && mismatch_.empty()) GateWithHistory(report);
  const Properties figures = SequentialCaseProperties(record);
  report.properties.insert(report.properties.end(), figures.begin(),
                           figures.end());
  const CaseSummary summary = Summarize(outcome);
  // Some tools stop the TTFT clock on a chunk without text; servebench does
  // not, and says so when it matters.
  if (summary.role_lead_ms && summary.role_lead_ms->mean > 1.0) {
    progress_("[" + spec.Name() + "] the server sent a chunk without text " +
              Fixed(summary.role_lead_ms->mean, 1) +
              " ms before the first token (a role-only chunk before prefill "
              "finished); ttft_ms is measured to the first token");
  }

  const bool regressed = (report.gate && report.gate->failed) ||
                         (report.history_gate && report.history_gate->failed);
  record.status = outcome.passed() && !regressed && mismatch_.empty()
                      ? CaseStatus::kPassed
                      : CaseStatus::kFailed;
  if (outcome.failure) {
    record.message = *outcome.failure;
    report.failure = *outcome.failure;
  } else if (!mismatch_.empty()) {
    report.failure = mismatch_;
  }
  if (!mismatch_.empty()) record.message = mismatch_;
}

void SuiteRun::MeasureLoad(const CaseSpec& spec, CaseReport& report) {
  LoadRunContext context;
  context.settings = &settings_;
  context.server = &server_;
  context.prompts = prompts_.get();
  context.calibrator = calibrator_.get();
  context.counter = counting_.counter;
  context.request_options = request_options_;
  context.warmup_runs = warmup_runs_;
  context.runs = runs_;
  context.isl_tolerance = suite_.isl_tolerance_pct
                              ? *suite_.isl_tolerance_pct / 100
                              : (counting_.server_tokenizer ? 0.0 : 0.005);
  context.allow_short_outputs = suite_.allow_short_outputs;
  context.facts = facts_collector_.get();
  context.client = client_.get();
  context.baseline = baseline_ ? &*baseline_ : nullptr;
  context.mismatch = mismatch_;
  context.inconclusive_fails = settings_.inconclusive_fails;
  context.progress = progress_;
  MeasureLoadCase(spec, context, report);
}

std::string SuiteRun::Finish() {
  std::string text;
  if (results_) {
    text = "\n" + FormatResultsTable(results_->records(), facts_) +
           "\nresults JSON: " + results_->path() + "\n";
  }
  if (simulator_) simulator_->Stop();
  return text;
}

}  // namespace servebench
