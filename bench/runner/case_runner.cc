// Warm-up and measured requests of one case, with a progress line each.
#include "bench/runner/case_runner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench/base/percentile.h"
#include "bench/base/text_format.h"
#include "bench/protocol/endpoint.h"
#include "bench/protocol/request_body.h"

namespace servebench {
namespace {

template <typename Getter>
std::optional<SummaryStats> SummarizeField(
    const std::vector<RequestFigures>& samples, Getter get) {
  std::vector<double> values;
  for (const auto& s : samples) {
    if (std::optional<double> v = get(s)) values.push_back(*v);
  }
  return Summarize(values);
}

// A server that refuses ignore_eos, min_tokens or continuous_usage_stats
// answers HTTP 400 naming the field: say what to turn off.
std::string RejectedFieldAdvice(const std::string& error) {
  if (error.find("HTTP 400") == std::string::npos) return "";
  std::string named;
  for (const char* const* field = OptionalRequestFields(); *field; ++field) {
    if (error.find(*field) != std::string::npos) {
      named += std::string(named.empty() ? "" : ", ") + *field;
    }
  }
  if (named.empty()) return "";
  return ". The server rejected " + named +
         ", which servebench sends to force exactly OSL tokens and to count "
         "tokens per chunk: set exact_output_length = false and/or "
         "continuous_usage = false in the suite's [suite] table";
}

}  // namespace

std::string DescribeRequest(const RequestFigures& f) {
  std::string text = "TTFT " + Fixed(f.ttft_ms, 1) + " ms";
  if (f.tpot_ms) text += ", TPOT " + Fixed(*f.tpot_ms, 2) + " ms";
  if (f.decode_tps) text += ", decode " + Fixed(*f.decode_tps, 1) + " tok/s";
  text += ", " + std::to_string(f.prompt_tokens) + " prompt / " +
          std::to_string(f.completion_tokens) + " completion tokens";
  return text;
}

CaseSummary Summarize(const CaseOutcome& outcome) {
  const auto& s = outcome.samples;
  CaseSummary summary;
  summary.ttft_ms =
      SummarizeField(s, [](const RequestFigures& f) -> std::optional<double> {
        return f.ttft_ms;
      });
  summary.tpot_ms =
      SummarizeField(s, [](const RequestFigures& f) { return f.tpot_ms; });
  summary.decode_tps =
      SummarizeField(s, [](const RequestFigures& f) { return f.decode_tps; });
  summary.e2e_tps =
      SummarizeField(s, [](const RequestFigures& f) { return f.e2e_tps; });
  summary.prompt_tokens =
      SummarizeField(s, [](const RequestFigures& f) -> std::optional<double> {
        return static_cast<double>(f.prompt_tokens);
      });
  summary.completion_tokens =
      SummarizeField(s, [](const RequestFigures& f) -> std::optional<double> {
        return static_cast<double>(f.completion_tokens);
      });
  summary.cached_tokens =
      SummarizeField(s, [](const RequestFigures& f) -> std::optional<double> {
        if (!f.cached_tokens) return std::nullopt;
        return static_cast<double>(*f.cached_tokens);
      });
  summary.ttfc_ms =
      SummarizeField(s, [](const RequestFigures& f) { return f.ttfc_ms; });
  summary.role_lead_ms =
      SummarizeField(s, [](const RequestFigures& f) { return f.role_lead_ms; });
  summary.tokens_per_chunk = SummarizeField(
      s, [](const RequestFigures& f) { return f.tokens_per_chunk; });
  std::vector<double> itl, chunk_itl;
  for (const auto& f : s) {
    itl.insert(itl.end(), f.itl_ms.begin(), f.itl_ms.end());
    chunk_itl.insert(chunk_itl.end(), f.chunk_itl_ms.begin(),
                     f.chunk_itl_ms.end());
  }
  if (auto q = ComputeQuantiles(std::move(itl))) {
    summary.itl_p50 = q->p50, summary.itl_p90 = q->p90, summary.itl_p99 = q->p99;
  }
  if (auto q = ComputeQuantiles(std::move(chunk_itl))) {
    summary.chunk_itl_p50 = q->p50, summary.chunk_itl_p90 = q->p90,
    summary.chunk_itl_p99 = q->p99;
  }
  return summary;
}

CaseRunner::CaseRunner(HttpClient& client, PromptSynthesizer& prompts,
                       CaseRunnerConfig config, ProgressSink progress)
    : client_(client),
      prompts_(prompts),
      config_(std::move(config)),
      progress_(std::move(progress)) {}

Result<RequestFigures> CaseRunner::Request(const CaseOutcome& outcome,
                                           const std::string& which,
                                           bool measured) {
  const CaseSpec& spec = outcome.spec;
  const std::string url = config_.base_url + EndpointPath(config_.endpoint);
  const std::string body = BuildStreamingRequest(
      config_.endpoint, config_.model, prompts_.Next(outcome.filler_words),
      spec.osl, config_.request_options);
  auto stream = client_.Stream(url, body, config_.endpoint);
  Result<RequestFigures> figures =
      stream.ok() ? ComputeRequestFigures(stream->sent, stream->trace, spec.osl)
                  : Result<RequestFigures>(Error{stream.error()});
  std::string problem = figures.ok() ? "" : figures.error();
  if (!figures.ok()) problem += RejectedFieldAdvice(problem);
  if (figures.ok() && measured)
    problem = CheckWork(config_, outcome, *figures).value_or("");
  if (!problem.empty()) {
    progress_("[" + spec.Name() + "] " + which + " FAILED: " + problem);
    return Error{spec.Name() + " " + which + " failed: " + problem};
  }
  progress_("[" + spec.Name() + "] " + which + ": " +
            DescribeRequest(*figures));
  return figures;
}

std::optional<std::string> CheckWork(const CaseRunnerConfig& config,
                                     const CaseOutcome& outcome,
                                     const RequestFigures& f) {
  const CaseSpec& spec = outcome.spec;
  const double isl = static_cast<double>(spec.isl);
  const double off = static_cast<double>(f.prompt_tokens) - isl;
  if (std::fabs(off) > config.isl_tolerance * isl + 1e-9) {
    return "the server counted " + std::to_string(f.prompt_tokens) +
           " prompt tokens for ISL " + std::to_string(spec.isl) + " (" +
           Fixed(off / isl * 100, 2) + "%, allowed: " +
           (config.isl_tolerance == 0
                ? std::string("exact")
                : Fixed(config.isl_tolerance * 100, 2) + "%") +
           "; calibrated with " + outcome.calibration_method +
           "), so this run measured different work than it claims; set "
           "isl_tolerance_pct in the suite to accept it";
  }
  if (f.completion_tokens < spec.osl && !config.allow_short_outputs) {
    return "the server generated " + std::to_string(f.completion_tokens) +
           " of OSL " + std::to_string(spec.osl) + " tokens" +
           (config.request_options.exact_output_length
                ? " although ignore_eos and min_tokens asked for all of them "
                  "(the server ignores them)"
                : " (exact_output_length is off, so the model stopped when "
                  "it chose)") +
           "; set allow_short_outputs = true in the suite to accept short "
           "outputs";
  }
  if (f.cached_tokens && f.prompt_tokens > 0 &&
      static_cast<double>(*f.cached_tokens) >
          config.max_cached_fraction * static_cast<double>(f.prompt_tokens)) {
    return "the server served " + std::to_string(*f.cached_tokens) + " of " +
           std::to_string(f.prompt_tokens) +
           " prompt tokens from its prefix cache, so TTFT measured the cache, "
           "not prefill; servebench's prompts are unique, so another client "
           "may be sending the same prompts";
  }
  return std::nullopt;
}

CaseOutcome CaseRunner::Run(const CaseSpec& spec) {
  CaseOutcome outcome;
  outcome.spec = spec;
  outcome.warmup_runs = config_.warmup_runs;
  outcome.runs = config_.runs;
  outcome.filler_words =
      std::max<int64_t>(0, spec.isl - PromptSynthesizer::kTagWords);
  outcome.calibration_method = "none";
  if (config_.calibrator != nullptr) {
    auto calibration = config_.calibrator->For(spec.isl);
    if (!calibration.ok()) {
      outcome.failure = spec.Name() + ": " + calibration.error();
      progress_("[" + spec.Name() + "] " + *outcome.failure);
      return outcome;
    }
    outcome.filler_words = calibration->filler_words;
    outcome.calibrated_tokens = calibration->counted_tokens;
    outcome.calibration_method = config_.calibrator->method();
    progress_("[" + spec.Name() + "] prompt calibrated with " +
              outcome.calibration_method + ": " +
              std::to_string(calibration->counted_tokens) + " tokens for ISL " +
              std::to_string(spec.isl));
  }
  for (int i = 0; i < config_.warmup_runs; ++i) {
    auto figures = Request(outcome,
                           "warm-up " + std::to_string(i + 1) + "/" +
                               std::to_string(config_.warmup_runs),
                           /*measured=*/false);
    if (!figures.ok()) {
      outcome.failure = figures.error();
      return outcome;
    }
  }
  if (config_.on_measured_begin) config_.on_measured_begin();
  for (int i = 0; i < config_.runs; ++i) {
    auto figures = Request(
        outcome,
        "run " + std::to_string(i + 1) + "/" + std::to_string(config_.runs),
        /*measured=*/true);
    if (!figures.ok()) {
      outcome.failure = figures.error();
      break;
    }
    outcome.samples.push_back(*figures);
  }
  if (config_.on_measured_end) config_.on_measured_end();
  return outcome;
}

Status CaseRunner::MeasureMore(CaseOutcome& outcome, int max_runs) {
  const int number = static_cast<int>(outcome.samples.size()) + 1;
  auto figures = Request(outcome,
                         "extra run " + std::to_string(number) +
                             " (of at most " + std::to_string(max_runs) + ")",
                         /*measured=*/true);
  if (!figures.ok()) {
    outcome.failure = figures.error();
    return figures;
  }
  outcome.samples.push_back(*figures);
  ++outcome.runs;
  return Ok{};
}

}  // namespace servebench
