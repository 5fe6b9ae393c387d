// The error bodies of the non-vLLM personalities.
#include "tools/sim/engine_errors.h"

#include <limits>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace servebench::sim {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// {"error":{"message":...,"type":...,"code":...}}, the key order of
// llama.cpp's middlewares (server-http.cpp).
std::string MessageTypeCode(std::string_view message, std::string_view type,
                            int code) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("message");
  Str(w, message);
  w.Key("type");
  Str(w, type);
  w.Key("code");
  w.Int(code);
  w.EndObject();
  w.EndObject();
  return buffer.GetString();
}

// Python's json.dumps of a str (ensure_ascii): the simulator's messages are
// ASCII, so RapidJSON's escaping is the same.
std::string PyString(std::string_view s) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  Str(w, s);
  return buffer.GetString();
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
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.Int(400);
  w.Key("message");
  Str(w, message);
  w.Key("type");
  w.String("exceed_context_size_error");
  w.Key("n_prompt_tokens");
  w.Int64(prompt_tokens);
  w.Key("n_ctx");
  w.Int64(n_ctx);
  w.EndObject();
  w.EndObject();
  ApiError error = BadRequest(message);
  error.type = "exceed_context_size_error";
  error.body = buffer.GetString();
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
