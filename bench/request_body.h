// JSON bodies for streaming completion requests, per the seed methodology:
// temperature 0.0, stream true, usage requested in the stream.
#ifndef SERVEBENCH_BENCH_REQUEST_BODY_H_
#define SERVEBENCH_BENCH_REQUEST_BODY_H_

#include <cstdint>
#include <string>

#include "bench/stream_interpreter.h"

namespace servebench {

// Chat: {"model", "messages": [{"role": "user", "content": prompt}], ...};
// completions: {"model", "prompt", ...}. Both carry max_tokens, temperature
// 0.0, stream true and stream_options.include_usage true.
std::string BuildStreamingRequest(Endpoint endpoint, const std::string& model,
                                  const std::string& prompt,
                                  int64_t max_tokens);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_REQUEST_BODY_H_
