// The seed methodology's per-request figures, computed from a stream's
// timestamps and the server's token counts.
//
// Timestamps (all from one monotonic clock, taken where the event is parsed):
//   sent        - libcurl is about to send the request (connection ready)
//   first_token - the first chunk carrying generated text arrived
//   last_choice - the last chunk carrying choices arrived (the usage-only
//                 chunk after it does not count)
// Figures:
//   ttft_ms     = first_token - sent
//   decode_time = last_choice - first_token
//   total_time  = last_choice - sent
//   tpot_ms     = decode_time / (completion_tokens - 1)
//   decode_tps  = completion_tokens / decode_time
//   e2e_tps     = completion_tokens / total_time
// A figure whose denominator is zero (one token, or every token in one chunk)
// is absent rather than infinite.
#ifndef SERVEBENCH_BENCH_REQUEST_FIGURES_H_
#define SERVEBENCH_BENCH_REQUEST_FIGURES_H_

#include <cstdint>
#include <optional>

#include "bench/result.h"
#include "bench/stream_interpreter.h"

namespace servebench {

struct RequestFigures {
  double ttft_ms = 0;
  std::optional<double> tpot_ms;
  std::optional<double> decode_tps;
  std::optional<double> e2e_tps;
  double decode_time_ms = 0;
  double total_time_ms = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  std::optional<int64_t> cached_tokens;
};

// Fails when the trace lacks what the figures need (no text, no usage).
Result<RequestFigures> ComputeRequestFigures(Clock::time_point sent,
                                             const StreamTrace& trace);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_REQUEST_FIGURES_H_
