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
//
// Also:
//   ttfc_ms        = first content - sent: the first chunk carrying answer
//                    text (delta.content / text), after any reasoning
//   role_lead_ms   = first token - first choice: how long before the first
//                    token the server sent a chunk without text (a role-only
//                    chunk); near 0 when it is sent with the first token
//   chunk_itl_ms   = gaps between consecutive text chunks
//   itl_ms         = per-token inter-token latency: a chunk carrying k tokens
//                    after a gap g contributes k values of g / k. k is the
//                    chunk's own count (token_ids or continuous usage) when
//                    the stream gives it, else the mean tokens per chunk.
//   tokens_per_chunk = completion_tokens / text chunks: with speculative
//                    decoding, an observed acceptance length.
// The server's own clock, where the stream carries it (llama.cpp's final
// "timings"):
//   server_ttft_ms = timings.prompt_ms: from the start of prompt processing
//                    to the first token sampled (no queue, HTTP or
//                    tokenization);
//   server_tpot_ms = timings.predicted_ms / (predicted_n - 1): first to last
//                    token over the gaps between them, the client's TPOT
//                    formula. (llama.cpp's own predicted_per_token_ms
//                    divides by predicted_n, counting the first token,
//                    which its interval starts with.)
// A timing that is negative, not finite or beyond a day is left out.
#ifndef SERVEBENCH_BENCH_REQUEST_FIGURES_H_
#define SERVEBENCH_BENCH_REQUEST_FIGURES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "bench/base/result.h"
#include "bench/protocol/stream_interpreter.h"

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
  std::optional<double> ttfc_ms;
  std::optional<double> role_lead_ms;
  std::vector<double> chunk_itl_ms;
  std::vector<double> itl_ms;
  std::optional<double> tokens_per_chunk;
  bool chunk_tokens_known =
      false;  // every chunk's token count came from the stream
  std::optional<double> server_ttft_ms;
  std::optional<double> server_tpot_ms;
};

// Fails when the trace lacks what the figures need (no text, no usage), or
// when its usage cannot be true for a request of `max_tokens` (0: unknown;
// see usage_check.h): a figure that cannot be true is never recorded.
Result<RequestFigures> ComputeRequestFigures(Clock::time_point sent,
                                             const StreamTrace& trace,
                                             int64_t max_tokens);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_REQUEST_FIGURES_H_
