// A serving benchmark suite as a value-parameterised GoogleTest: one case per
// ISL/OSL pair of the suite's TOML file, each streaming warm-up and measured
// requests to a live server and recording every figure as a test property
// (so it lands in JUnit XML) and in the results JSON.
//
// The suite file is compiled in by the serving_suite() macro
// (SERVEBENCH_SUITE_FILE) and may be replaced with BENCH_SUITE_FILE.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bench/case_runner.h"
#include "bench/http_client.h"
#include "bench/interrupt.h"
#include "bench/prompt_synthesizer.h"
#include "bench/results_file.h"
#include "bench/results_table.h"
#include "bench/safe_text.h"
#include "bench/server_discovery.h"
#include "bench/server_logs/server_facts.h"
#include "bench/settings.h"
#include "bench/suite_spec.h"
#include "bench/token_counter.h"
#include "bench/url.h"
#include "matchers/record_comparison.h"
#include "matchers/regression_matchers.h"
#include "suites/concurrency_case.h"
#include "suites/gating.h"
#include "suites/runfiles.h"
#include "suites/server_facts_collector.h"
#include "suites/simulated_server.h"

#ifndef SERVEBENCH_SUITE_FILE
#error \
    "SERVEBENCH_SUITE_FILE must name the suite's TOML file (see suites/serving_suite.bzl)"
#endif

namespace servebench {

// How GoogleTest shows a case's parameter (value_param in the XML).
void PrintTo(const CaseSpec& spec, std::ostream* out) {
  *out << "ISL " << spec.isl << " / OSL " << spec.osl << " (" << spec.category
       << "): " << spec.label;
}

namespace {

void Progress(const std::string& line) {
  std::cerr << "servebench: " << line << std::endl;
}

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string Fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string Hostname() {
  char name[256] = {0};
  return gethostname(name, sizeof name - 1) == 0 ? name : "";
}

// The suite file: BENCH_SUITE_FILE if set, else the one compiled in.
Result<SuiteSpec> LoadSuite() {
  const std::string override_path = Env("BENCH_SUITE_FILE");
  if (!override_path.empty()) return LoadSuiteSpec(override_path);
  auto path = Runfile(SERVEBENCH_SUITE_FILE);
  if (!path.ok()) return Error{path.error()};
  return LoadSuiteSpec(*path);
}

// A suite file that cannot be loaded still yields one case, which fails with
// the reason: the error then shows in the test log and the JUnit XML.
const CaseSpec kInvalidSuite{0, 0, "", "invalid suite file"};

std::vector<CaseSpec> CasesForGoogleTest() {
  auto suite = LoadSuite();
  if (!suite.ok()) return {kInvalidSuite};
  return suite->cases;
}

std::string CaseName(const testing::TestParamInfo<CaseSpec>& info) {
  return info.param.isl == 0 ? "InvalidSuiteFile" : info.param.Name();
}

// Everything one suite run shares across its cases.
struct SuiteRun {
  std::optional<std::string> setup_error;
  Settings settings;
  SuiteSpec suite;
  ServerInfo server;
  std::optional<SimulatedServer> simulator;
  std::unique_ptr<HttpClient> client;
  std::unique_ptr<PromptSynthesizer> prompts;
  CountingMethod counting;
  std::unique_ptr<PromptCalibrator> calibrator;
  std::unique_ptr<CaseRunner> runner;
  std::unique_ptr<ResultsFile> results;
  std::unique_ptr<ServerFactsCollector> server_facts;
  std::optional<ServerFacts> facts;  // from the log and /metrics, if any
  std::map<Metric, double> memory;   // the facts that are gated
  std::optional<Baseline> baseline;  // none: measure and record only
  std::string mismatch;  // why the baseline is not comparable, if it is not
  int max_runs = 10;     // bound on repeats for unclear verdicts
  RequestOptions request_options;
  int warmup_runs = 2, runs = 3;  // per case (per stream at concurrency > 1)

  // A server log line fit to record: secrets redacted (a server started
  // with --api-key logs it), valid UTF-8, at most 300 bytes.
  std::string SafeLogLine(const std::string& line) const {
    return ValidUtf8(RedactSecrets(line, {settings.api_key}).substr(0, 300));
  }

  static SuiteRun& Get() {
    static SuiteRun* run = new SuiteRun();
    return *run;
  }

  // Memory facts from the server's log (BENCH_CONTAINER, BENCH_LOG_CMD,
  // BENCH_LOG_FILE, or the simulator's own log) and /metrics. Without them
  // they stay unknown ("n/a"), never 0.
  Status ReadServerFacts(const ClientOptions& options) {
    auto collector = ServerFactsCollector::Start(
        [](const char* name) { return std::getenv(name); },
        simulator ? simulator->log_path() : "", settings.url, options,
        settings.scrape_metrics,
        [](const std::string& w) { Progress("warning: " + w); });
    if (!collector.ok()) return Error{collector.error()};
    server_facts = std::move(*collector);
    facts = server_facts->facts();
    memory = server_facts->Memory();
    if (facts) {
      Progress("server facts from " +
               (server_facts->log_source().empty()
                    ? std::string("/metrics")
                    : server_facts->log_source()) +
               ": engine " + EngineName(facts->engine));
    }
    return Ok{};
  }

  // The baseline named by BENCH_BASELINE or the suite, and whether this run
  // may be compared with it (the seed's apples-to-apples rule).
  Status LoadBaselineForRun(int runs) {
    max_runs = settings.max_runs.value_or(std::max(10, runs));
    const std::string name =
        settings.baseline.empty() ? suite.baseline : settings.baseline;
    if (settings.baseline_disabled || name.empty()) {
      Progress("no baseline: figures are recorded, not gated");
      return Ok{};
    }
    auto path = ResolveBaseline(name);
    if (!path.ok()) return Error{path.error()};
    auto loaded = LoadBaseline(*path);
    if (!loaded.ok()) return Error{loaded.error()};
    baseline = std::move(*loaded);
    baseline->source = name;
    RunIdentity identity{suite.name, server.max_model_len,
                         server.max_model_len_source,
                         facts ? facts->gpu_memory_utilization : std::nullopt};
    std::vector<std::string> differences =
        ContextMismatches(identity, baseline->context);
    std::string listed;
    for (const auto& d : differences)
      listed += (listed.empty() ? "" : "; ") + d;
    if (!differences.empty() && !settings.allow_mismatch) {
      mismatch = "this run is not comparable with baseline " + name + ": " +
                 listed +
                 ". Compare only runs with the same max_model_len, "
                 "gpu_memory_utilization and suite, or set "
                 "BENCH_ALLOW_MISMATCH=1 to compare anyway";
    }
    Progress("baseline " + name + " (" + *path + ")" +
             (differences.empty()
                  ? ""
                  : (settings.allow_mismatch ? ", compared despite: "
                                             : ", NOT comparable: ") +
                        listed));
    return Ok{};
  }

  Status SetUp() {
    auto settings_or =
        LoadSettings([](const char* name) { return std::getenv(name); });
    if (!settings_or.ok()) return Error{settings_or.error()};
    settings = *settings_or;

    auto suite_or = LoadSuite();
    if (!suite_or.ok()) return Error{suite_or.error()};
    suite = *suite_or;
    const int warmups = settings.warmup_runs.value_or(suite.warmup_runs);
    const int runs = settings.runs.value_or(suite.runs);

    std::string outputs = Env("TEST_UNDECLARED_OUTPUTS_DIR");
    if (settings.use_simulator) {
      const std::string log =
          (outputs.empty() ? std::string("/tmp") : outputs) + "/sim_server.log";
      auto sim = SimulatedServer::Start(settings.simulator_flags, log);
      if (!sim.ok()) return Error{sim.error()};
      simulator.emplace(std::move(*sim));
      settings.url = simulator->url();
      settings.url_source = "BENCH_SIM";
      Progress("started the simulated server at " + settings.url +
               " (log: " + log + ")");
    }

    ClientOptions options;
    options.connect_timeout_s = settings.connect_timeout_s;
    options.stall_timeout_s = settings.stall_timeout_s;
    options.api_key = settings.api_key;
    client = std::make_unique<HttpClient>(options);

    Progress("waiting for " + RedactUrl(settings.url) + " (" +
             settings.url_source + ")");
    auto server_or = WaitForServer(*client, settings, Progress);
    if (!server_or.ok()) return Error{server_or.error()};
    server = *server_or;
    Progress("model " + server.model + " (" + server.model_source +
             "), max model length " + std::to_string(server.max_model_len) +
             " (" + server.max_model_len_source + ")");

    if (Status read = ReadServerFacts(options); !read.ok()) return read;

    if (Status loaded = LoadBaselineForRun(runs); !loaded.ok()) return loaded;

    prompts = std::make_unique<PromptSynthesizer>(FreshNonce());
    counting = ChooseTokenCounter(*client, settings.url, server.model,
                                  settings.endpoint);
    calibrator = std::make_unique<PromptCalibrator>(*prompts, counting.counter,
                                                    counting.name);
    Progress("prompt lengths are calibrated with " + counting.name);
    CaseRunnerConfig config{settings.url, server.model, settings.endpoint,
                            warmups, runs};
    config.request_options.exact_output_length = suite.exact_output_length;
    config.request_options.continuous_usage = suite.continuous_usage;
    request_options = config.request_options;
    warmup_runs = warmups;
    this->runs = runs;
    config.calibrator = calibrator.get();
    // Exact where the server's own tokenizer counted, else within 0.5%.
    config.isl_tolerance = suite.isl_tolerance_pct
                               ? *suite.isl_tolerance_pct / 100
                               : (counting.server_tokenizer ? 0.0 : 0.005);
    config.allow_short_outputs = suite.allow_short_outputs;
    runner = std::make_unique<CaseRunner>(*client, *prompts, std::move(config),
                                          Progress);

    RunContext context;
    context.suite = suite.name;
    context.suite_file = SERVEBENCH_SUITE_FILE;
    if (!settings.suite_file.empty()) context.suite_file = settings.suite_file;
    context.server = RedactUrl(settings.url);
    context.endpoint = EndpointName(settings.endpoint);
    context.model = server.model;
    context.model_source = server.model_source;
    context.max_model_len = server.max_model_len;
    context.max_model_len_source = server.max_model_len_source;
    context.warmup_runs = warmups;
    context.runs = runs;
    context.started_at = LocalTimestamp();
    context.host = Hostname();
    context.matrix = suite.cases;
    if (facts) {
      context.engine = EngineName(facts->engine);
      context.server_log = server_facts->log_source();
      context.model_memory_gib = facts->model_memory_gib;
      context.kv_cache_gib = facts->kv_cache_gib;
      context.kv_cache_tokens = facts->kv_cache_tokens;
      context.gpu_memory_utilization = facts->gpu_memory_utilization;
      if (facts->cudagraph_mode) {
        context.server_extra["cudagraph_mode"] = *facts->cudagraph_mode;
      }
      if (facts->cuda_graph_capture_s) {
        context.server_extra["cuda_graph_capture_s"] =
            Fixed(*facts->cuda_graph_capture_s, 2);
      }
      if (facts->cuda_graph_memory_gib) {
        context.server_extra["cuda_graph_memory_gib"] =
            Fixed(*facts->cuda_graph_memory_gib, 2);
      }
      for (const auto& [name, line] : facts->sources) {
        context.server_extra["fact_source_" + name] = SafeLogLine(line);
      }
    }
    std::string path = settings.results_file;
    if (path.empty()) {
      path = (outputs.empty() ? std::string(".") : outputs) + "/results.json";
    }
    results = std::make_unique<ResultsFile>(path, context);
    if (Status written = results->Write(); !written.ok())
      return Error{written.error()};
    Progress("results JSON: " + path);
    return Ok{};
  }
};

class ServingSuite : public testing::TestWithParam<CaseSpec> {
 public:
  static void SetUpTestSuite() {
    InstallInterruptHandlers();
    SuiteRun& run = SuiteRun::Get();
    if (Status status = run.SetUp(); !status.ok()) {
      run.setup_error = status.error();
      Progress("cannot run the suite: " + status.error());
      return;
    }
    // Recorded here, these attach to the <testsuite> element of the XML (as
    // attributes, in GoogleTest 1.12).
    RecordProperty("suite", run.suite.name);
    RecordProperty("model", run.server.model);
    RecordProperty("max_model_len", std::to_string(run.server.max_model_len));
    RecordProperty("max_model_len_source", run.server.max_model_len_source);
    RecordProperty("server", RedactUrl(run.settings.url));
    RecordProperty("endpoint", EndpointName(run.settings.endpoint));
    if (run.baseline) RecordProperty("baseline", run.baseline->source);
    RecordProperty("isl_calibration", run.counting.name);
    RecordProperty("exact_output_length",
                   run.suite.exact_output_length ? "true" : "false");
    if (run.facts) {
      const ServerFacts& f = *run.facts;
      RecordProperty("engine", EngineName(f.engine));
      if (!run.server_facts->log_source().empty()) {
        RecordProperty("server_log", run.server_facts->log_source());
      }
      if (f.model_memory_gib) {
        RecordProperty("model_memory_gib", Fixed(*f.model_memory_gib, 2));
      }
      if (f.kv_cache_gib)
        RecordProperty("kv_cache_gib", Fixed(*f.kv_cache_gib, 2));
      if (f.kv_cache_tokens) {
        RecordProperty("kv_cache_tokens", std::to_string(*f.kv_cache_tokens));
      }
      if (f.gpu_memory_utilization) {
        RecordProperty("gpu_memory_utilization",
                       Fixed(*f.gpu_memory_utilization, 2));
      }
      if (f.cudagraph_mode) RecordProperty("cudagraph_mode", *f.cudagraph_mode);
      if (f.cuda_graph_capture_s) {
        RecordProperty("cuda_graph_capture_s",
                       Fixed(*f.cuda_graph_capture_s, 2));
      }
      if (f.cuda_graph_memory_gib) {
        RecordProperty("cuda_graph_memory_gib",
                       Fixed(*f.cuda_graph_memory_gib, 2));
      }
      if (f.max_concurrency) {
        RecordProperty("max_concurrency", Fixed(*f.max_concurrency, 2));
      }
      // Where each fact came from: the log line, or the /metrics series.
      for (const auto& [name, line] : f.sources) {
        RecordProperty("fact_source_" + name, run.SafeLogLine(line));
      }
    }
  }

  static void TearDownTestSuite() {
    SuiteRun& run = SuiteRun::Get();
    if (run.results) {
      MemoryFacts memory;
      if (run.facts) {
        memory.model_memory_gib = run.facts->model_memory_gib;
        memory.kv_cache_gib = run.facts->kv_cache_gib;
        if (run.facts->kv_cache_tokens) {
          memory.kv_cache_tokens = *run.facts->kv_cache_tokens;
        }
      }
      std::cout << "\n"
                << FormatResultsTable(run.results->records(), memory)
                << "\nresults JSON: " << run.results->path() << std::endl;
    }
    if (run.simulator) run.simulator->Stop();
  }

 protected:
  void RecordFigure(const std::string& name,
                    const std::optional<SummaryStats>& stats, int decimals) {
    if (!stats) return;  // e.g. TPOT of one-token outputs: absent, not 0
    RecordProperty(name, Fixed(stats->mean, decimals));
    RecordProperty(name + "_min", Fixed(stats->min, decimals));
    RecordProperty(name + "_max", Fixed(stats->max, decimals));
    RecordProperty(name + "_median", Fixed(stats->median, decimals));
    RecordProperty(name + "_stddev", Fixed(stats->stddev, decimals));
  }

  void RecordPercentiles(const std::string& name, std::optional<double> p50,
                         std::optional<double> p90, std::optional<double> p99) {
    if (!p50) return;
    RecordProperty(name + "_p50", Fixed(*p50, 3));
    RecordProperty(name + "_p90", Fixed(*p90, 3));
    RecordProperty(name + "_p99", Fixed(*p99, 3));
  }

  // A pair at concurrency N > 1: a closed loop of N streams. Aggregates are
  // recorded; gating against baselines applies to sequential cases only.
  void MeasureConcurrency(SuiteRun& run, const CaseSpec& spec,
                          CaseRecord& record) {
    ConcurrencyCaseConfig config{&run.settings, run.server.model,
                                 run.request_options, run.warmup_runs,
                                 run.runs};
    if (run.server_facts) run.server_facts->BeginCase();
    ConcurrencyOutcome outcome = RunConcurrencyCase(
        spec, config, *run.prompts, run.calibrator.get(), Progress);
    const CaseServerFigures server_figures =
        run.server_facts ? run.server_facts->EndCase() : CaseServerFigures{};
    record.outcome = outcome.as_case;
    const LoadResult& load = outcome.load;
    const LoadFigures& f = load.figures;
    RecordProperty("concurrency", std::to_string(spec.concurrency));
    RecordProperty("requests", std::to_string(f.measured));
    RecordProperty("failed_requests", std::to_string(f.failed));
    RecordProperty("max_in_flight", std::to_string(load.max_in_flight));
    auto figure = [&](const char* name, std::optional<double> value) {
      if (!value) return;
      RecordProperty(name, Fixed(*value, 3));
      record.server_figures.emplace_back(name, *value);
    };
    figure("output_tps", f.output_tps);
    figure("request_tps", f.request_tps);
    figure("per_user_tps", f.per_user_tps);
    auto quantiles = [&](const std::string& name,
                         const std::optional<Quantiles>& q) {
      if (!q) return;
      RecordPercentiles(name, q->p50, q->p90, q->p99);
    };
    quantiles("ttft_ms", f.ttft_ms);
    quantiles("tpot_ms", f.tpot_ms);
    quantiles("itl_ms", f.itl_ms);
    RecordProperty("client_lag_p99_ms", Fixed(load.client.lag_p99_ms, 3));
    RecordProperty("client_cpu_pct", Fixed(load.client.cpu_fraction * 100, 1));
    figure("kv_cache_usage_peak_pct", server_figures.kv_cache_usage_peak_pct);
    figure("spec_acceptance_rate", server_figures.spec_acceptance_rate);
    record.status = outcome.failure ? CaseStatus::kFailed : CaseStatus::kPassed;
    if (outcome.failure) record.message = *outcome.failure;
    Save(run, record);
    if (outcome.failure) FAIL() << *outcome.failure;
  }

  void Save(SuiteRun& run, const CaseRecord& record) {
    if (Status saved = run.results->Record(record); !saved.ok()) {
      ADD_FAILURE() << "the results JSON could not be saved: " << saved.error();
    }
  }
};

TEST_P(ServingSuite, Measure) {
  const CaseSpec& spec = GetParam();
  if (spec.isl == 0) {
    auto suite = LoadSuite();
    FAIL() << "the suite file cannot be used: "
           << (suite.ok() ? "unknown error" : suite.error());
  }
  SuiteRun& run = SuiteRun::Get();
  RecordProperty("isl", std::to_string(spec.isl));
  RecordProperty("osl", std::to_string(spec.osl));
  RecordProperty("label", spec.label);
  RecordProperty("category", spec.category);
  if (run.setup_error) FAIL() << *run.setup_error;

  CaseRecord record;
  record.outcome.spec = spec;
  if (Interrupted()) {
    record.status = CaseStatus::kSkipped;
    record.message = std::string("not run: the run was interrupted by ") +
                     InterruptSignalName();
    Save(run, record);
    GTEST_SKIP() << record.message;
  }
  if (spec.isl + spec.osl > run.server.max_model_len) {
    record.status = CaseStatus::kSkipped;
    record.message = "ISL + OSL = " + std::to_string(spec.isl + spec.osl) +
                     " exceeds the max model length " +
                     std::to_string(run.server.max_model_len) + " (" +
                     run.server.max_model_len_source + ")";
    Save(run, record);
    GTEST_SKIP() << record.message;
  }

  if (spec.concurrency > 1) {
    MeasureConcurrency(run, spec, record);
    return;
  }

  if (run.server_facts) run.server_facts->BeginCase();
  record.outcome = run.runner->Run(spec);
  const CaseOutcome& outcome = record.outcome;
  const CaseServerFigures server_figures =
      run.server_facts ? run.server_facts->EndCase() : CaseServerFigures{};
  if (server_figures.spec_acceptance_rate) {
    RecordProperty("spec_acceptance_rate",
                   Fixed(*server_figures.spec_acceptance_rate, 4));
    record.server_figures.emplace_back("spec_acceptance_rate",
                                       *server_figures.spec_acceptance_rate);
  }
  if (server_figures.spec_mean_acceptance_length) {
    RecordProperty("spec_mean_acceptance_length",
                   Fixed(*server_figures.spec_mean_acceptance_length, 3));
    record.server_figures.emplace_back(
        "spec_mean_acceptance_length",
        *server_figures.spec_mean_acceptance_length);
  }
  if (server_figures.kv_cache_usage_peak_pct) {
    RecordProperty("kv_cache_usage_peak_pct",
                   Fixed(*server_figures.kv_cache_usage_peak_pct, 2));
    record.server_figures.emplace_back("kv_cache_usage_peak_pct",
                                       *server_figures.kv_cache_usage_peak_pct);
  }
  for (const auto& [metric, value] : run.memory) {
    record.server_figures.emplace_back(Info(metric).name, value);
  }
  for (const auto& [metric, value] : run.memory) {
    // Server-wide, repeated on every case: dashboards read one row per case.
    RecordProperty(Info(metric).name, metric == Metric::kKvCacheTokens
                                          ? Fixed(value, 0)
                                          : Fixed(value, 2));
  }

  std::optional<Comparison> comparison;
  std::optional<BaselineExpectation> expectation;
  const BaselineCase* baseline_case =
      run.baseline ? run.baseline->FindCase(spec.isl, spec.osl) : nullptr;
  if (run.baseline && baseline_case == nullptr) {
    RecordProperty("verdict", "no baseline");
    Progress("[" + spec.Name() + "] " + run.baseline->source +
             " has no entry for this case: not gated");
  }
  // A run that is not comparable with the baseline is not compared with it.
  if (baseline_case != nullptr && !outcome.failure && run.mismatch.empty()) {
    expectation = ExpectationFor(*run.baseline, *baseline_case,
                                 run.settings.inconclusive_fails);
    comparison = Compare(MeasurementOf(outcome, run.memory),
                         expectation->figures, expectation->tolerances);
    // A spread that straddles a threshold says nothing yet: measure more.
    while (comparison->Overall() == Verdict::kUnclear &&
           static_cast<int>(outcome.samples.size()) < run.max_runs &&
           run.runner->MeasureMore(record.outcome, run.max_runs).ok()) {
      comparison = Compare(MeasurementOf(outcome, run.memory),
                           expectation->figures, expectation->tolerances);
    }
    MarkUnclearInconclusive(*comparison);
    RecordComparison(*comparison);
    record.baseline_source = expectation->source;
    record.verdict = VerdictName(comparison->Overall());
    for (const auto& m : comparison->metrics) {
      record.baseline.push_back(BaselineFigure{Info(m.metric).name, m.baseline,
                                               m.change_pct,
                                               VerdictName(m.verdict)});
    }
  }

  const CaseSummary summary = Summarize(outcome);
  RecordProperty("runs", std::to_string(outcome.samples.size()));
  RecordProperty("warmup_runs", std::to_string(outcome.warmup_runs));
  if (summary.prompt_tokens)
    RecordProperty("isl_actual", Fixed(summary.prompt_tokens->mean, 0));
  if (summary.completion_tokens) {
    RecordProperty("osl_actual", Fixed(summary.completion_tokens->mean, 0));
  }
  RecordFigure("ttft_ms", summary.ttft_ms, 3);
  RecordFigure("tpot_ms", summary.tpot_ms, 3);
  RecordFigure("decode_tps", summary.decode_tps, 3);
  RecordFigure("e2e_tps", summary.e2e_tps, 3);
  RecordFigure("ttfc_ms", summary.ttfc_ms, 3);
  RecordPercentiles("itl_ms", summary.itl_p50, summary.itl_p90,
                    summary.itl_p99);
  RecordPercentiles("chunk_itl_ms", summary.chunk_itl_p50,
                    summary.chunk_itl_p90, summary.chunk_itl_p99);
  if (summary.tokens_per_chunk) {
    RecordProperty("tokens_per_chunk",
                   Fixed(summary.tokens_per_chunk->mean, 3));
  }
  if (summary.cached_tokens) {
    RecordProperty("cached_tokens", Fixed(summary.cached_tokens->mean, 0));
  }
  if (outcome.calibrated_tokens) {
    RecordProperty("isl_calibrated",
                   std::to_string(*outcome.calibrated_tokens));
  }
  if (summary.role_lead_ms) {
    RecordProperty("role_chunk_lead_ms", Fixed(summary.role_lead_ms->mean, 3));
    // Some tools stop the TTFT clock on this chunk; servebench does not.
    if (summary.role_lead_ms->mean > 1.0) {
      Progress("[" + spec.Name() + "] the server sent a chunk without text " +
               Fixed(summary.role_lead_ms->mean, 1) +
               " ms before the first token (a role-only chunk before prefill "
               "finished); ttft_ms is measured to the first token");
    }
  }

  const bool regressed =
      comparison && (comparison->HasVerdict(Verdict::kRegression) ||
                     (run.settings.inconclusive_fails &&
                      comparison->HasVerdict(Verdict::kInconclusive)));
  record.status = outcome.passed() && !regressed && run.mismatch.empty()
                      ? CaseStatus::kPassed
                      : CaseStatus::kFailed;
  if (outcome.failure) record.message = *outcome.failure;
  if (!run.mismatch.empty()) record.message = run.mismatch;
  Save(run, record);
  if (outcome.failure) FAIL() << *outcome.failure;
  if (!run.mismatch.empty()) FAIL() << run.mismatch;
  if (comparison) {
    EXPECT_THAT(*comparison, NoRegressionFrom(*expectation));
  }
}

INSTANTIATE_TEST_SUITE_P(Suite, ServingSuite,
                         testing::ValuesIn(CasesForGoogleTest()), CaseName);

}  // namespace
}  // namespace servebench
