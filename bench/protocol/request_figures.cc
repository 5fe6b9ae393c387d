// Per-request figures: the seed's formulas, one place.
#include "bench/protocol/request_figures.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "bench/protocol/usage_check.h"

namespace servebench {
namespace {

double Milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

void AddInterTokenLatencies(const StreamTrace& trace, RequestFigures& f) {
  const auto& log = trace.text_chunk_log;
  if (log.empty() || f.completion_tokens <= 0) return;
  f.tokens_per_chunk = static_cast<double>(f.completion_tokens) /
                       static_cast<double>(log.size());
  f.chunk_tokens_known = true;
  for (const auto& chunk : log) {
    if (!chunk.tokens || *chunk.tokens < 1) f.chunk_tokens_known = false;
  }
  for (size_t i = 1; i < log.size(); ++i) {
    const double gap = Milliseconds(log[i].at - log[i - 1].at);
    f.chunk_itl_ms.push_back(gap);
    const double tokens = f.chunk_tokens_known
                              ? static_cast<double>(*log[i].tokens)
                              : *f.tokens_per_chunk;
    const long repeats = std::max(1L, std::lround(tokens));
    for (long k = 0; k < repeats; ++k) f.itl_ms.push_back(gap / tokens);
  }
}

// A server's millisecond figure, if it can be one.
std::optional<double> Plausible(std::optional<double> ms) {
  if (!ms || !std::isfinite(*ms) || *ms < 0 || *ms > 86'400'000.0) {
    return std::nullopt;
  }
  return ms;
}

void AddServerClock(const StreamTrace& trace, RequestFigures& f) {
  if (!trace.timings) return;
  const ServerTimings& t = *trace.timings;
  f.server_ttft_ms = Plausible(t.prompt_ms);
  const std::optional<double> predicted = Plausible(t.predicted_ms);
  if (predicted && t.predicted_n && *t.predicted_n > 1) {
    f.server_tpot_ms = *predicted / static_cast<double>(*t.predicted_n - 1);
  }
}

}  // namespace

Result<RequestFigures> ComputeRequestFigures(Clock::time_point sent,
                                             const StreamTrace& trace,
                                             int64_t max_tokens) {
  if (!trace.first_token || !trace.last_choice) {
    return Error{
        "the stream carried no generated text, so no figure can be computed"};
  }
  if (!trace.completion_tokens || !trace.prompt_tokens) {
    return Error{"the stream carried no usage, so token counts are unknown"};
  }
  if (std::optional<std::string> lie = ImpossibleUsage(trace, max_tokens)) {
    return Error{*lie};
  }
  RequestFigures f;
  f.prompt_tokens = *trace.prompt_tokens;
  f.completion_tokens = *trace.completion_tokens;
  f.cached_tokens = trace.cached_tokens;
  f.ttft_ms = Milliseconds(*trace.first_token - sent);
  f.decode_time_ms = Milliseconds(*trace.last_choice - *trace.first_token);
  f.total_time_ms = Milliseconds(*trace.last_choice - sent);

  const double tokens = static_cast<double>(f.completion_tokens);
  if (f.decode_time_ms > 0 && f.completion_tokens > 1) {
    f.tpot_ms = f.decode_time_ms / (tokens - 1);
  }
  if (f.decode_time_ms > 0 && f.completion_tokens > 0) {
    f.decode_tps = tokens / (f.decode_time_ms / 1000.0);
  }
  if (f.total_time_ms > 0 && f.completion_tokens > 0) {
    f.e2e_tps = tokens / (f.total_time_ms / 1000.0);
  }
  if (trace.first_content)
    f.ttfc_ms = Milliseconds(*trace.first_content - sent);
  if (trace.first_choice) {
    f.role_lead_ms = Milliseconds(*trace.first_token - *trace.first_choice);
  }
  AddInterTokenLatencies(trace, f);
  AddServerClock(trace, f);
  return f;
}

}  // namespace servebench
