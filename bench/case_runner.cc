// Warm-up and measured requests of one case, with a progress line each.
#include "bench/case_runner.h"

#include <cstdio>

#include "bench/request_body.h"
#include "bench/settings.h"

namespace servebench {
namespace {

std::string Fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

template <typename Getter>
std::optional<SummaryStats> SummarizeField(
    const std::vector<RequestFigures>& samples, Getter get) {
  std::vector<double> values;
  for (const auto& s : samples) {
    if (std::optional<double> v = get(s)) values.push_back(*v);
  }
  return Summarize(values);
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
  return summary;
}

CaseRunner::CaseRunner(HttpClient& client, PromptSynthesizer& prompts,
                       CaseRunnerConfig config, ProgressSink progress)
    : client_(client),
      prompts_(prompts),
      config_(std::move(config)),
      progress_(std::move(progress)) {}

Result<RequestFigures> CaseRunner::Request(const CaseSpec& spec,
                                           const std::string& which) {
  const std::string url = config_.base_url + EndpointPath(config_.endpoint);
  const std::string body = BuildStreamingRequest(
      config_.endpoint, config_.model, prompts_.Next(spec.isl), spec.osl);
  auto stream = client_.Stream(url, body, config_.endpoint);
  Result<RequestFigures> figures =
      stream.ok() ? ComputeRequestFigures(stream->sent, stream->trace)
                  : Result<RequestFigures>(Error{stream.error()});
  if (!figures.ok()) {
    progress_("[" + spec.Name() + "] " + which + " FAILED: " + figures.error());
    return Error{spec.Name() + " " + which + " failed: " + figures.error()};
  }
  progress_("[" + spec.Name() + "] " + which + ": " +
            DescribeRequest(*figures));
  return figures;
}

CaseOutcome CaseRunner::Run(const CaseSpec& spec) {
  CaseOutcome outcome;
  outcome.spec = spec;
  outcome.warmup_runs = config_.warmup_runs;
  outcome.runs = config_.runs;
  for (int i = 0; i < config_.warmup_runs; ++i) {
    auto figures = Request(spec, "warm-up " + std::to_string(i + 1) + "/" +
                                     std::to_string(config_.warmup_runs));
    if (!figures.ok()) {
      outcome.failure = figures.error();
      return outcome;
    }
  }
  for (int i = 0; i < config_.runs; ++i) {
    auto figures = Request(spec, "run " + std::to_string(i + 1) + "/" +
                                     std::to_string(config_.runs));
    if (!figures.ok()) {
      outcome.failure = figures.error();
      return outcome;
    }
    outcome.samples.push_back(*figures);
  }
  return outcome;
}

Status CaseRunner::MeasureMore(CaseOutcome& outcome, int max_runs) {
  const int number = static_cast<int>(outcome.samples.size()) + 1;
  auto figures = Request(outcome.spec, "extra run " + std::to_string(number) +
                                           " (of at most " +
                                           std::to_string(max_runs) + ")");
  if (!figures.ok()) {
    outcome.failure = figures.error();
    return Error{figures.error()};
  }
  outcome.samples.push_back(*figures);
  ++outcome.runs;
  return Ok{};
}

}  // namespace servebench
