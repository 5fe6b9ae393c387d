// Setting up a suite run and measuring, gating and saving its cases.
#include "suites/suite_run.h"

#include <unistd.h>

#include <algorithm>

#include "bench/base/env.h"
#include "bench/base/limits.h"
#include "bench/base/runfiles.h"
#include "bench/base/safe_text.h"
#include "bench/base/text_format.h"
#include "bench/gating/apples_to_apples.h"
#include "bench/gating/baseline_location.h"
#include "bench/results/results_table.h"
#include "bench/transport/url.h"

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

template <typename Record>
void SuiteRun::DescribeServer(Record& record) const {
  record.server = RedactUrl(settings_.url);
  record.model = server_.model;
  record.max_model_len = server_.max_model_len;
  record.max_model_len_source = server_.max_model_len_source;
  record.facts = facts_;
  record.server_log = facts_collector_->log_source();
  record.gpu_count = facts_collector_->gpu_count();
  record.gpu_names = facts_collector_->gpu_names();
  record.gpu_source = RedactUrl(facts_collector_->gpu_source());
}

double SuiteRun::IslTolerance() const {
  // Exact where the server's own tokenizer counted, else within 0.5%.
  return suite_.isl_tolerance_pct ? *suite_.isl_tolerance_pct / 100
                                  : (counting_.server_tokenizer ? 0.0 : 0.005);
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
  config.isl_tolerance = IslTolerance();
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
  DescribeServer(known);
  known.model_source = server_.model_source;
  SB_RETURN_IF_ERROR(results_->Write());
  return BeginHistoryRun();
}

SuiteDescription SuiteRun::Describe() const {
  SuiteDescription d;
  d.suite = suite_.name;
  DescribeServer(d);
  d.endpoint = EndpointName(settings_.endpoint);
  if (baseline_) d.baseline = baseline_->source;
  d.isl_calibration = counting_.name;
  d.exact_output_length = suite_.exact_output_length;
  return d;
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