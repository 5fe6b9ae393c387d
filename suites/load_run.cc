// Load levels and sweeps of a suite run: measure, gate, record.
#include "suites/load_run.h"

#include "bench/base/text_format.h"
#include "bench/facts/metrics/metrics_scraper.h"
#include "bench/facts/metrics/prefix_cache.h"
#include "bench/gating/load_gate.h"
#include "bench/load/load_case.h"
#include "bench/load/sweep.h"
#include "suites/load_properties.h"

namespace servebench {
namespace {

LoadCaseConfig ConfigOf(const LoadRunContext& c) {
  LoadCaseConfig config;
  config.settings = c.settings;
  config.model = c.server->model;
  config.request_options = c.request_options;
  config.warmup_runs = c.warmup_runs;
  config.runs = c.runs;
  config.isl_tolerance = c.isl_tolerance;
  config.allow_short_outputs = c.allow_short_outputs;
  config.counter = c.counter;
  return config;
}

// The server's prefix-cache counters now, if it has them.
std::optional<PrefixCacheCounters> PrefixCounters(const LoadRunContext& c) {
  if (c.client == nullptr || !c.settings->scrape_metrics) return std::nullopt;
  MetricsSnapshot snapshot;
  const auto url = FindMetricsUrl(*c.client, c.settings->url, &snapshot);
  if (!url.ok() || !*url) return std::nullopt;
  return ReadPrefixCacheCounters(snapshot.text);
}

// What one run of a level gives the gate.
LoadLevelRun GateRunOf(const LevelOutcome& level) {
  LoadLevelRun run;
  const LoadFigures& f = level.load.figures;
  if (f.output_tps) run.values[Metric::kOutputTps] = *f.output_tps;
  if (f.request_tps) run.values[Metric::kRequestTps] = *f.request_tps;
  if (level.slo && level.slo->goodput_rps) {
    run.values[Metric::kGoodputRps] = *level.slo->goodput_rps;
  }
  for (const RequestRecord& r : level.load.requests) {
    if (r.warmup || !r.ok()) continue;
    run.ttft_ms.push_back(r.figures->ttft_ms);
    if (r.figures->tpot_ms) run.tpot_ms.push_back(*r.figures->tpot_ms);
    if (r.figures->decode_tps) run.decode_tps.push_back(*r.figures->decode_tps);
  }
  return run;
}

// Gates the case against its [[load]] entry, if the baseline has one; the
// comparison goes into the report's properties and record.
void Gate(const CaseSpec& spec, const LoadRunContext& c,
          std::vector<LoadLevelRun>& runs, int max_runs,
          const MeasureOneMore& measure_more, CaseReport& report) {
  if (c.baseline == nullptr || !c.mismatch.empty()) return;
  const BaselineLoad* entry =
      c.baseline->FindLoad(spec.isl, spec.osl, spec.Level());
  if (entry == nullptr) {
    report.properties.push_back({"verdict", "no baseline"});
    c.progress("[" + spec.Name() + "] " + c.baseline->source +
               " has no [[load]] entry for this level: not gated");
    return;
  }
  report.gate = GateLoadLevel(
      ExpectationForLoad(*c.baseline, *entry, c.inconclusive_fails), runs,
      max_runs, measure_more);
  const Comparison& comparison = report.gate->comparison;
  for (const Property& p : ComparisonProperties(comparison)) {
    report.properties.push_back(p);
  }
  report.properties.push_back({"level_runs", std::to_string(runs.size())});
  CaseRecord& record = report.record;
  record.baseline_source = report.gate->expectation.source;
  record.verdict = VerdictName(comparison.Overall());
  for (const auto& m : comparison.metrics) {
    record.baseline.push_back(BaselineFigure{
        Info(m.metric).name, m.baseline, m.change_pct, VerdictName(m.verdict)});
  }
}

void Conclude(const std::optional<std::string>& failure,
              const LoadRunContext& c, CaseReport& report) {
  CaseRecord& record = report.record;
  const bool regressed = report.gate && report.gate->failed;
  record.status = !failure && !regressed && c.mismatch.empty()
                      ? CaseStatus::kPassed
                      : CaseStatus::kFailed;
  if (failure) {
    record.message = *failure;
    report.failure = *failure;
  } else if (!c.mismatch.empty() && c.baseline != nullptr) {
    record.message = c.mismatch;
    report.failure = c.mismatch;
  }
}

std::optional<GpuWindowFigures> SteadyStateGpu(const LevelOutcome& level,
                                               const LoadRunContext& c) {
  const std::optional<SteadyWindow>& window = level.load.figures.window;
  if (!window || c.facts == nullptr) return std::nullopt;
  return c.facts->GpuOver(window->start, window->end);
}

void AddGpuFigures(const GpuWindowFigures& gpu, const LoadFigures& figures,
                   CaseRecord& record) {
  const auto figure = [&](const char* name, std::optional<double> value) {
    if (value) record.server_figures.emplace_back(name, *value);
  };
  figure("gpu_power_w_avg", gpu.power_w_avg);
  figure("gpu_power_w_max", gpu.power_w_max);
  figure("gpu_energy_j", gpu.energy_j);
  figure("gpu_memory_used_gib_max", gpu.memory_used_gib_max);
  if (gpu.energy_j && figures.window_output_tokens > 0) {
    figure("energy_per_output_token_j",
           *gpu.energy_j / figures.window_output_tokens);
    figure("gpu_window_s", gpu.window_s);
    record.server_notes.emplace_back("gpu_energy_method", gpu.energy_method);
  }
}

void MeasureLevel(const CaseSpec& spec, const LoadRunContext& c,
                  const LoadCaseConfig& config, const PreparedPrompts& prepared,
                  CaseReport& report) {
  CaseRecord& record = report.record;
  Result<LevelPlan> plan = spec.mode() == LoadMode::kRate
                               ? RatePlan(spec, spec.request_rate)
                               : Result<LevelPlan>(ClosedPlan(spec, config));
  if (!plan.ok()) {
    Conclude(spec.Name() + ": " + plan.error(), c, report);
    return;
  }
  const std::optional<PrefixCacheCounters> before = PrefixCounters(c);
  if (c.facts != nullptr) c.facts->BeginCase();
  Result<LevelOutcome> level =
      RunLevel(spec, *plan, config, prepared, *c.prompts, c.progress);
  const CaseServerFigures server =
      c.facts != nullptr
          ? c.facts->EndCase(
                level.ok() ? static_cast<int>(level->load.requests.size()) : 0)
          : CaseServerFigures{};
  const std::optional<PrefixCacheCounters> after = PrefixCounters(c);
  if (!level.ok()) {
    Conclude(spec.Name() + ": " + level.error(), c, report);
    return;
  }
  record.outcome = AsCaseOutcome(spec, *level, prepared, c.warmup_runs);
  record.server_figures = LevelFigures(*level);
  // The GPUs over the steady-state window (not the ramp and drain around
  // it), and energy per output token of that window.
  const std::optional<GpuWindowFigures> gpu = SteadyStateGpu(*level, c);
  for (const auto& named : server.Named()) {
    if (gpu && named.first.rfind("gpu_", 0) == 0) continue;
    record.server_figures.push_back(named);
  }
  if (gpu) AddGpuFigures(*gpu, level->load.figures, record);
  if (before && after) {
    if (auto rate = PrefixCacheHitRatePct(*before, *after)) {
      record.server_figures.emplace_back("server_prefix_cache_hit_rate_pct",
                                         *rate);
    }
  }
  report.properties = LoadDescriptionProperties(spec);
  for (const Property& p : LoadLevelProperties(record, *level)) {
    report.properties.push_back(p);
  }
  if (!level->failure) {
    std::vector<LoadLevelRun> runs = {GateRunOf(*level)};
    Gate(
        spec, c, runs, kMaxLevelRuns,
        [&]() -> Status {
          c.progress("[" + spec.Name() +
                     "] verdict unclear: running the level again");
          auto again =
              RunLevel(spec, *plan, config, prepared, *c.prompts, c.progress);
          if (!again.ok()) return Error{again.error()};
          if (again->failure) return Error{*again->failure};
          runs.push_back(GateRunOf(*again));
          return Ok{};
        },
        report);
  }
  Conclude(level->failure, c, report);
}

void MeasureSweep(const CaseSpec& spec, const LoadRunContext& c,
                  const LoadCaseConfig& config, const PreparedPrompts& prepared,
                  CaseReport& report) {
  CaseRecord& record = report.record;
  const SweepOutcome sweep =
      RunSweep(spec, config, prepared, *c.prompts, c.progress);
  record.outcome.spec = spec;
  record.outcome.warmup_runs = c.warmup_runs;
  record.outcome.calibrated_tokens = prepared.calibrated_tokens;
  record.outcome.calibration_method = prepared.calibration_method;
  record.server_figures = SweepFigures(sweep);
  report.properties = LoadDescriptionProperties(spec);
  for (const auto& [name, value] : record.server_figures) {
    report.properties.push_back(
        {name, Fixed(value, ServerFigureDecimals(name))});
  }
  if (!sweep.failure) {
    // One sweep is one value of each figure: the value decides.
    std::vector<LoadLevelRun> runs(1);
    if (sweep.summary.knee_rps) {
      runs[0].values[Metric::kKneeRps] = *sweep.summary.knee_rps;
    }
    if (sweep.summary.saturated_output_tps) {
      runs[0].values[Metric::kOutputTps] = *sweep.summary.saturated_output_tps;
    }
    Gate(
        spec, c, runs, 1, [] { return Status(Error{"not repeated"}); }, report);
  }
  Conclude(sweep.failure, c, report);
}

}  // namespace

void MeasureLoadCase(const CaseSpec& spec, const LoadRunContext& c,
                     CaseReport& report) {
  CaseRecord& record = report.record;
  record.outcome.spec = spec;
  // A conversation's last turn carries every earlier one.
  const int64_t longest =
      spec.load.turns * spec.isl + (spec.load.turns - 1) * spec.osl + spec.osl;
  if (longest > c.server->max_model_len) {
    record.status = CaseStatus::kSkipped;
    record.message = "a conversation of " + std::to_string(spec.load.turns) +
                     " turns reaches about " + std::to_string(longest) +
                     " tokens, over the max model length " +
                     std::to_string(c.server->max_model_len) + " (" +
                     c.server->max_model_len_source + ")";
    report.skipped = record.message;
    return;
  }
  const LoadCaseConfig config = ConfigOf(c);
  Result<PreparedPrompts> prepared =
      PreparePrompts(spec, config, *c.prompts, c.calibrator);
  if (!prepared.ok()) {
    Conclude(spec.Name() + ": " + prepared.error(), c, report);
    return;
  }
  if (spec.mode() == LoadMode::kSweep) {
    MeasureSweep(spec, c, config, *prepared, report);
  } else {
    MeasureLevel(spec, c, config, *prepared, report);
  }
}

}  // namespace servebench
