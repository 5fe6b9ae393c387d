// A closed-loop level: calibrate, drive N streams, judge the client.
#include "bench/load/concurrency_case.h"

#include <algorithm>
#include <cstdio>

namespace servebench {

ConcurrencyOutcome RunConcurrencyCase(
    const CaseSpec& spec, const ConcurrencyCaseConfig& config,
    PromptSynthesizer& prompts, PromptCalibrator* calibrator,
    const std::function<void(const std::string&)>& progress) {
  ConcurrencyOutcome outcome;
  outcome.as_case.spec = spec;
  outcome.as_case.warmup_runs = config.warmup_runs;
  const int n = spec.concurrency;

  int64_t filler =
      std::max<int64_t>(0, spec.isl - PromptSynthesizer::kTagWords);
  if (calibrator != nullptr) {
    auto calibration = calibrator->For(spec.isl);
    if (!calibration.ok()) {
      outcome.failure = spec.Name() + ": " + calibration.error();
      return outcome;
    }
    filler = calibration->filler_words;
    outcome.as_case.calibrated_tokens = calibration->counted_tokens;
    outcome.as_case.calibration_method = calibrator->method();
  }

  const Settings& settings = *config.settings;
  LoadOptions options;
  options.base_url = settings.url;
  options.endpoint = settings.endpoint;
  options.api_key = settings.api_key;
  options.connect_timeout_s = settings.connect_timeout_s;
  options.stall_timeout_s = settings.stall_timeout_s;
  options.concurrency = n;
  options.max_tokens = spec.osl;
  options.warmup_requests = config.warmup_runs * n;
  options.total_requests = (config.warmup_runs + config.runs) * n;
  progress("[" + spec.Name() + "] " + std::to_string(n) +
           " streams in a closed loop, " +
           std::to_string(options.total_requests) + " requests (" +
           std::to_string(options.warmup_requests) + " warm-up)");
  // The loop runs on this thread, so the synthesizer needs no lock.
  auto load = RunClosedLoop(options, [&](int) {
    return BuildStreamingRequest(settings.endpoint, config.model,
                                 prompts.Next(filler), spec.osl,
                                 config.request_options);
  });
  if (!load.ok()) {
    outcome.failure = spec.Name() + ": " + load.error();
    return outcome;
  }
  outcome.load = std::move(*load);

  for (const auto& request : outcome.load.requests) {
    if (request.warmup) continue;
    if (!request.ok()) {
      if (!outcome.failure) {
        outcome.failure = spec.Name() + " request " +
                          std::to_string(request.index + 1) + " of " +
                          std::to_string(options.total_requests) +
                          " failed: " + request.error;
      }
      continue;
    }
    outcome.as_case.samples.push_back(*request.figures);
  }
  outcome.as_case.runs = static_cast<int>(outcome.as_case.samples.size());
  if (!outcome.failure && outcome.load.client_overloaded) {
    outcome.failure =
        spec.Name() + " is invalid: " + outcome.load.overload_reason;
  }
  char line[256];
  const LoadFigures& f = outcome.load.figures;
  std::snprintf(line, sizeof line,
                "[%s] output %.1f tok/s, %.1f tok/s per user, %.2f req/s "
                "over the steady window",
                spec.Name().c_str(), f.output_tps.value_or(0),
                f.per_user_tps.value_or(0), f.request_tps.value_or(0));
  progress(line);
  return outcome;
}

}  // namespace servebench
