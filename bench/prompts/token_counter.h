// How a suite run counts prompt tokens as the server does, for calibration,
// the first of:
//   - vLLM's (and SGLang's) /tokenize: {"model", "messages"} for chat gives
//     {"count": N, ...} with the chat template applied;
//   - llama.cpp's: /tokenize takes {"content"} and answers {"tokens": [...]}
//     without applying any template, so for chat the prompt is first put
//     through POST /apply-template (the template llama-server applies to
//     chat requests) and its answer's "prompt" is tokenized with BOS and
//     special tokens as llama-server reads them. One probe request checks
//     that this counts what the server counts; if not, probes are used;
//   - probe requests with max_tokens 1, whose usage.prompt_tokens is the
//     count.
#ifndef SERVEBENCH_BENCH_TOKEN_COUNTER_H_
#define SERVEBENCH_BENCH_TOKEN_COUNTER_H_

#include <string>

#include "bench/prompts/prompt_calibrator.h"
#include "bench/protocol/request_body.h"
#include "bench/protocol/stream_interpreter.h"
#include "bench/transport/http_client.h"

namespace servebench {

struct CountingMethod {
  TokenCounter counter;
  // "/tokenize", "/apply-template + /tokenize" (llama.cpp chat),
  // "/tokenize content" (llama.cpp completions) or "probe requests".
  std::string name;
  bool server_tokenizer = false;  // counted by the server's own tokenizer
  // Why a tokenizer the server has was not used, if it was not.
  std::string note;
};

// The prompt length in a /tokenize answer ({"count": N, ...}); an HTTP
// status other than 200, a body that is not a JSON object (or is nested
// absurdly deep) or one without an integer "count" is an error naming `url`.
Result<int64_t> TokenCountFromTokenize(const HttpResponse& response,
                                       const std::string& url);

// The prompt length in a llama.cpp /tokenize answer ({"tokens": [...]}, ids
// or {"id", "piece"} objects): the array's length. Errors as above.
Result<int64_t> TokenCountFromTokensArray(const HttpResponse& response,
                                          const std::string& url);

// The templated prompt in a llama.cpp /apply-template answer
// ({"prompt": "..."}). Errors as above.
Result<std::string> TemplatedPrompt(const HttpResponse& response,
                                    const std::string& url);

// Tries the methods in the file comment's order with a short prompt. Probe
// requests are sent with `probe_options` (the suite's): with
// exact_output_length they carry ignore_eos, since a model may otherwise
// end a one-token probe with its end-of-sequence token, which streams no
// text (a stream the client then refuses).
CountingMethod ChooseTokenCounter(HttpClient& client,
                                  const std::string& base_url,
                                  const std::string& model, Endpoint endpoint,
                                  const RequestOptions& probe_options = {});

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_TOKEN_COUNTER_H_
