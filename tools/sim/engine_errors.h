// Error answers that differ between engines: over-length requests, the
// answers while the model loads, unknown routes.
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_ERRORS_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_ERRORS_H_

#include <cstdint>
#include <string>

#include "tools/sim/api_error.h"
#include "tools/sim/config.h"

namespace servebench::sim {

// llama.cpp, a prompt that does not fit the slot's context (prompt >=
// n_ctx): HTTP 400 {"error":{"code":400,"message":"request (N tokens)
// exceeds the available context size (M tokens), try increasing it",
// "type":"exceed_context_size_error","n_prompt_tokens":N,"n_ctx":M}}.
ApiError LlamaCppContextError(int64_t prompt_tokens, int64_t n_ctx);

// SGLang, prompt + max_tokens above the context length: HTTP 400 with its
// ErrorResponse, or, for a stream, an HTTP 200 stream carrying
// data: {"error": {...}} (Python json.dumps spacing) then data: [DONE].
ApiError SglangContextError(int64_t prompt_tokens, int64_t max_tokens,
                            int64_t context_len);

// llama.cpp's answer to every request while the model loads (HTTP 503):
// {"error":{"message":"Loading model","type":"unavailable_error","code":503}}
std::string LlamaCppLoadingBody();

// llama.cpp's 404: {"error":{"message":"File Not Found",
// "type":"not_found_error","code":404}}
std::string LlamaCppNotFoundBody();

// a + b, saturating at INT64_MAX (both non-negative): request fields are
// outside values and their sum must not overflow.
int64_t SaturatingAdd(int64_t a, int64_t b);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_ERRORS_H_
