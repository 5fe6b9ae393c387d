// Streaming request bodies, written with RapidJSON so prompts are escaped.
#include "bench/protocol/request_body.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace servebench {

const char* const* OptionalRequestFields() {
  static const char* const kFields[] = {"ignore_eos", "min_tokens",
                                        "continuous_usage_stats", nullptr};
  return kFields;
}

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// "model" and the prompt: as one user message for chat (so the server
// applies the chat template), as "prompt" for completions.
void WriteModelAndPrompt(Writer& w, Endpoint endpoint, const std::string& model,
                         const std::string& prompt) {
  w.Key("model");
  w.String(model.c_str(), static_cast<rapidjson::SizeType>(model.size()));
  if (endpoint == Endpoint::kChatCompletions) {
    w.Key("messages");
    w.StartArray();
    w.StartObject();
    w.Key("role");
    w.String("user");
    w.Key("content");
    w.String(prompt.c_str(), static_cast<rapidjson::SizeType>(prompt.size()));
    w.EndObject();
    w.EndArray();
  } else {
    w.Key("prompt");
    w.String(prompt.c_str(), static_cast<rapidjson::SizeType>(prompt.size()));
  }
}

}  // namespace

std::string BuildTokenizeRequest(Endpoint endpoint, const std::string& model,
                                 const std::string& prompt) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  WriteModelAndPrompt(w, endpoint, model, prompt);
  w.EndObject();
  return buffer.GetString();
}

std::string BuildContentTokenizeRequest(const std::string& text) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("content");
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  w.Key("add_special");
  w.Bool(true);
  w.Key("parse_special");
  w.Bool(true);
  w.EndObject();
  return buffer.GetString();
}

std::string BuildStreamingRequest(Endpoint endpoint, const std::string& model,
                                  const std::string& prompt, int64_t max_tokens,
                                  const RequestOptions& options) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  WriteModelAndPrompt(w, endpoint, model, prompt);
  w.Key("max_tokens");
  w.Int64(max_tokens);
  w.Key("temperature");
  w.Double(0.0);
  w.Key("stream");
  w.Bool(true);
  if (options.exact_output_length) {
    w.Key("ignore_eos");
    w.Bool(true);
    w.Key("min_tokens");
    w.Int64(max_tokens);
  }
  w.Key("stream_options");
  w.StartObject();
  w.Key("include_usage");
  w.Bool(true);
  if (options.continuous_usage) {
    w.Key("continuous_usage_stats");
    w.Bool(true);
  }
  w.EndObject();
  w.EndObject();
  return buffer.GetString();
}

}  // namespace servebench
