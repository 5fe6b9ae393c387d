// Per-request figures: the seed's formulas, one place.
#include "bench/request_figures.h"

#include <chrono>

namespace servebench {
namespace {

double Milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

Result<RequestFigures> ComputeRequestFigures(Clock::time_point sent,
                                             const StreamTrace& trace) {
  if (!trace.first_token || !trace.last_choice) {
    return Error{
        "the stream carried no generated text, so no figure can be computed"};
  }
  if (!trace.completion_tokens || !trace.prompt_tokens) {
    return Error{"the stream carried no usage, so token counts are unknown"};
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
  return f;
}

}  // namespace servebench
