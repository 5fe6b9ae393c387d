// The error bodies of the non-vLLM personalities.
#include "tools/sim/engine_errors.h"

#include <limits>

#include "tools/sim/json_out.h"

namespace servebench::sim {
namespace {

// {"error":{"message":...,"type":...,"code":...}}, the key order of
// llama.cpp's middlewares (server-http.cpp).
std::string MessageTypeCode(std::string_view message, std::string_view type,
                            int code) {
  return JsonObject([&](JsonWriter& w) {
    KeyObject(w, "error", [&](JsonWriter& w) {
      KeyStr(w, "message", message);
      KeyStr(w, "type", type);
      KeyInt(w, "code", code);
    });
  });
}

// Python's json.dumps of a str (ensure_ascii): the simulator's messages are
// ASCII, so RapidJSON's escaping is the same.
std::string PyString(std::string_view s) {
  return JsonText([&](JsonWriter& w) { Str(w, s); });
}

}  // namespace

int64_t SaturatingAdd(int64_t a, int64_t b) {
  if (b > std::numeric_limits<int64_t>::max() - a) {
    return std::numeric_limits<int64_t>::max();
  }
  return a + b;
}

ApiError LlamaCppContextError(int64_t prompt_tokens, int64_t n_ctx) {
  const std::string message = "request (" + std::to_string(prompt_tokens) +
                              " tokens) exceeds the available context size (" +
                              std::to_string(n_ctx) +
                              " tokens), try increasing it";
  ApiError error = BadRequest(message);
  error.type = "exceed_context_size_error";
  error.body = JsonObject([&](JsonWriter& w) {
    KeyObject(w, "error", [&](JsonWriter& w) {
      KeyInt(w, "code", 400);
      KeyStr(w, "message", message);
      KeyStr(w, "type", error.type);
      KeyInt(w, "n_prompt_tokens", prompt_tokens);
      KeyInt(w, "n_ctx", n_ctx);
    });
  });
  return error;
}

ApiError SglangContextError(int64_t prompt_tokens, int64_t max_tokens,
                            int64_t context_len) {
  const std::string message =
      "Requested token count exceeds the model's maximum context length of " +
      std::to_string(context_len) + " tokens. You requested a total of " +
      std::to_string(SaturatingAdd(prompt_tokens, max_tokens)) +
      " tokens: " + std::to_string(prompt_tokens) +
      " tokens from the input messages and " + std::to_string(max_tokens) +
      " tokens for the completion. Please reduce the number of tokens in the "
      "input messages or the completion to fit within the limit.";
  ApiError error = BadRequest(message);
  error.stream_event =
      "data: {\"error\": {\"object\": \"error\", \"message\": " +
      PyString(message) +
      ", \"type\": \"BadRequestError\", \"param\": null, "
      "\"code\": 400}}\n\n";
  return error;
}

std::string LlamaCppLoadingBody() {
  return MessageTypeCode("Loading model", "unavailable_error", 503);
}

std::string LlamaCppNotFoundBody() {
  return MessageTypeCode("File Not Found", "not_found_error", 404);
}

}  // namespace servebench::sim
