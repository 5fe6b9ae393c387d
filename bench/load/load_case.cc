// Preparing a case's prompts and running its load levels.
#include "bench/load/load_case.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "bench/load/arrival_schedule.h"
#include "bench/load/closed_loop.h"
#include "bench/load/open_loop.h"

namespace servebench {
namespace {

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

LoadOptions OptionsFor(const LevelPlan& plan, const CaseSpec& spec,
                       const Settings& settings) {
  LoadOptions options;
  options.base_url = settings.url;
  options.endpoint = settings.endpoint;
  options.api_key = settings.api_key;
  options.connect_timeout_s = settings.connect_timeout_s;
  options.stall_timeout_s = settings.stall_timeout_s;
  options.concurrency = plan.streams;
  options.turns = spec.load.turns;
  options.max_tokens = spec.osl;
  options.total_requests = plan.requests;
  options.warmup_requests = plan.warmup_requests;
  options.self_check.max_lag_p99_ms = settings.client_lag_limit_ms;
  return options;
}

// Whether a measured request did the case's work (case_runner.h's rules);
// later turns carry their history, so only first turns are held to ISL.
std::optional<std::string> CheckRequest(const CaseSpec& spec,
                                        const LoadCaseConfig& config,
                                        const PreparedPrompts& prepared,
                                        const RequestRecord& r) {
  CaseRunnerConfig rules;
  rules.request_options = config.request_options;
  rules.isl_tolerance = r.turn == 0 ? config.isl_tolerance
                                    : std::numeric_limits<double>::infinity();
  rules.allow_short_outputs = config.allow_short_outputs;
  // A shared workload is meant to be served from the cache.
  rules.max_cached_fraction = spec.load.shared_workload() ? 1.0 : 0.5;
  CaseOutcome outcome;
  outcome.spec = spec;
  outcome.calibration_method = prepared.calibration_method;
  return CheckWork(rules, outcome, *r.figures);
}

}  // namespace

std::string LevelPlan::Describe(int turns) const {
  const std::string unit =
      turns > 1 ? " conversations of " + std::to_string(turns) + " turns"
                : " requests";
  if (!open_loop) {
    return std::to_string(streams) + " streams in a closed loop, " +
           std::to_string(requests / std::max(1, turns)) + unit + " (" +
           std::to_string(warmup_requests / std::max(1, turns)) + " warm-up)";
  }
  std::string text = Number(offered_rps) + " req/s, " +
                     std::to_string(offsets_s.size()) + unit;
  if (warmup_s > 0) text += " (warm-up " + Number(warmup_s) + " s)";
  text += ", at most " + std::to_string(streams) + " in flight";
  return text;
}

LevelPlan ClosedPlan(const CaseSpec& spec, const LoadCaseConfig& config,
                     int streams) {
  LevelPlan plan;
  plan.streams = streams > 0 ? streams : spec.concurrency;
  const int turns = spec.load.turns;
  plan.requests = (config.warmup_runs + config.runs) * plan.streams * turns;
  plan.warmup_requests = config.warmup_runs * plan.streams * turns;
  return plan;
}

Result<LevelPlan> RatePlan(const CaseSpec& spec, double rate,
                           std::optional<Arrivals> arrivals) {
  LevelPlan plan;
  plan.open_loop = true;
  plan.offered_rps = rate;
  plan.streams = spec.load.max_concurrency > 0 ? spec.load.max_concurrency
                                               : DefaultOpenLoopStreams();
  plan.warmup_s = spec.load.warmup_s;
  const ArrivalSpec arrival{rate, arrivals.value_or(spec.load.arrivals),
                            spec.load.burstiness, spec.load.seed};
  SB_ASSIGN_OR_RETURN(plan.offsets_s,
                      ArrivalOffsets(arrival, spec.load.Conversations(rate)));
  if (plan.warmup_s > 0 && plan.offsets_s.back() < plan.warmup_s) {
    return Error{"the warm-up (" + Number(plan.warmup_s) +
                 " s) covers every arrival of the " + Number(rate) +
                 " req/s level: nothing would be measured"};
  }
  return plan;
}

Result<PreparedPrompts> PreparePrompts(const CaseSpec& spec,
                                       const LoadCaseConfig& config,
                                       PromptSynthesizer& prompts,
                                       PromptCalibrator* calibrator) {
  PreparedPrompts prepared;
  prepared.shape.filler_words =
      std::max<int64_t>(0, spec.isl - PromptSynthesizer::kTagWords);
  if (calibrator != nullptr) {
    SB_ASSIGN_OR_RETURN(const Calibration calibration,
                        calibrator->For(spec.isl));
    prepared.shape.filler_words = calibration.filler_words;
    prepared.calibrated_tokens = calibration.counted_tokens;
    prepared.calibration_method = calibrator->method();
  }
  prepared.shape.prefix_words = spec.load.prefix_tokens;
  prepared.shape.prefix_group = spec.load.prefix_group;
  prepared.shape.turns = spec.load.turns;
  prepared.shape.reply_words = spec.osl;
  WorkloadPrompts workload(prompts, prepared.shape);
  if (spec.load.prefix_tokens > 0 && config.counter) {
    SB_ASSIGN_OR_RETURN(const int64_t counted,
                        workload.Calibrate(config.counter, spec.isl));
    prepared.calibrated_tokens = counted;
  }
  prepared.own_filler_words = workload.own_filler_words();
  return prepared;
}

Result<LevelOutcome> RunLevel(const CaseSpec& spec, const LevelPlan& plan,
                              const LoadCaseConfig& config,
                              const PreparedPrompts& prepared,
                              PromptSynthesizer& prompts,
                              const ProgressFn& progress) {
  const Settings& settings = *config.settings;
  LevelOutcome level;
  level.plan = plan;
  progress("[" + spec.Name() + "] " + plan.Describe(spec.load.turns));
  WorkloadPrompts workload(prompts, prepared.shape);
  workload.set_own_filler_words(prepared.own_filler_words);
  const RequestBodyFn bodies = [&](int index) {
    return BuildStreamingRequest(settings.endpoint, config.model,
                                 workload.Messages(index), spec.osl,
                                 config.request_options);
  };
  const LoadOptions options = OptionsFor(plan, spec, settings);
  SB_ASSIGN_OR_RETURN(
      level.load,
      plan.open_loop
          ? RunOpenLoop(options, {plan.offsets_s, plan.warmup_s}, bodies)
          : RunClosedLoop(options, bodies));

  const LoadFigures& f = level.load.figures;
  level.slo = ComputeSloFigures(level.load.requests, f.window, spec.load.slo,
                                /*count_warmup_in_window=*/plan.open_loop);
  level.cache = ComputeCacheFigures(level.load.requests);
  const int total = static_cast<int>(level.load.requests.size());
  for (const RequestRecord& r : level.load.requests) {
    if (r.warmup || level.failure) continue;
    const std::string which = spec.Name() + " request " +
                              std::to_string(r.index + 1) + " of " +
                              std::to_string(total);
    if (!r.ok()) {
      level.failure = which + " failed: " + r.error;
    } else if (auto problem = CheckRequest(spec, config, prepared, r)) {
      level.failure = which + " failed: " + *problem;
    }
  }
  if (!level.failure && level.load.client_overloaded) {
    level.failure = spec.Name() + " is invalid: " + level.load.overload_reason;
    level.client_invalid = true;
  }
  char line[320];
  std::snprintf(line, sizeof line,
                "[%s] output %.1f tok/s, %.1f tok/s per user, %.2f req/s "
                "over the %s window",
                spec.Name().c_str(), f.output_tps.value_or(0),
                f.per_user_tps.value_or(0), f.request_tps.value_or(0),
                plan.open_loop ? "schedule's" : "steady");
  progress(line);
  return level;
}

CaseOutcome AsCaseOutcome(const CaseSpec& spec, const LevelOutcome& level,
                          const PreparedPrompts& prepared, int warmup_runs) {
  CaseOutcome outcome;
  outcome.spec = spec;
  outcome.warmup_runs = warmup_runs;
  outcome.filler_words = prepared.shape.filler_words;
  outcome.calibrated_tokens = prepared.calibrated_tokens;
  outcome.calibration_method = prepared.calibration_method;
  for (const RequestRecord& r : level.load.requests) {
    if (!r.warmup && r.ok()) outcome.samples.push_back(*r.figures);
  }
  outcome.runs = static_cast<int>(outcome.samples.size());
  outcome.failure = level.failure;
  return outcome;
}

}  // namespace servebench
