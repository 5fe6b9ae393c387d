// Usage that a correct server cannot send. Token counts come from the
// server's usage (never from counting chunks), so a server, proxy or engine
// build that misreports them would turn every figure false: 16,000
// completion tokens claimed for max_tokens 16 made a decode throughput of
// 450,969 tok/s. Such a stream fails its case instead.
#ifndef SERVEBENCH_BENCH_PROTOCOL_USAGE_CHECK_H_
#define SERVEBENCH_BENCH_PROTOCOL_USAGE_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "bench/protocol/stream_interpreter.h"

namespace servebench {

// Why the usage of a finished stream cannot be true, if it cannot:
//   - a count below 0 or above kMaxServerTokens, or cached_tokens above
//     prompt_tokens;
//   - completion_tokens above `max_tokens`, what the request asked for (0:
//     unknown, not checked);
//   - fewer completion tokens than chunks that carried text (each carries at
//     least one);
//   - where every text chunk's own count is known (token_ids, continuous
//     usage), completion_tokens differing from their sum by more than the
//     chunks without text could carry (a stop token rides on the finish
//     chunk without text).
// The sentence quotes the figures and says what to check.
std::optional<std::string> ImpossibleUsage(const StreamTrace& trace,
                                           int64_t max_tokens);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROTOCOL_USAGE_CHECK_H_
