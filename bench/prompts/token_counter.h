// How a suite run counts prompt tokens as the server does, for calibration:
// the server's /tokenize when it answers for the model (exact: the same
// tokenizer and chat template), else probe requests with max_tokens 1 whose
// usage.prompt_tokens is the count.
#ifndef SERVEBENCH_BENCH_TOKEN_COUNTER_H_
#define SERVEBENCH_BENCH_TOKEN_COUNTER_H_

#include <string>

#include "bench/prompts/prompt_calibrator.h"
#include "bench/protocol/stream_interpreter.h"
#include "bench/transport/http_client.h"

namespace servebench {

struct CountingMethod {
  TokenCounter counter;
  std::string name;               // "/tokenize" or "probe requests"
  bool server_tokenizer = false;  // true for /tokenize
};

// The prompt length in a /tokenize answer ({"count": N, ...}); an HTTP
// status other than 200, a body that is not a JSON object (or is nested
// absurdly deep) or one without an integer "count" is an error naming `url`.
Result<int64_t> TokenCountFromTokenize(const HttpResponse& response,
                                       const std::string& url);

// Tries /tokenize once with a short prompt; falls back to probes when the
// server has none (404, 405, 501) or answers without a "count".
CountingMethod ChooseTokenCounter(HttpClient& client,
                                  const std::string& base_url,
                                  const std::string& model, Endpoint endpoint);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_TOKEN_COUNTER_H_
