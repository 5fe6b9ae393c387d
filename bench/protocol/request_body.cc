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

void WriteString(Writer& w, const std::string& text) {
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

// "model" and the conversation: as messages for chat (so the server applies
// the chat template), as one "prompt" for completions.
void WriteModelAndMessages(Writer& w, Endpoint endpoint,
                           const std::string& model,
                           const std::vector<ChatMessage>& messages) {
  w.Key("model");
  WriteString(w, model);
  if (endpoint == Endpoint::kChatCompletions) {
    w.Key("messages");
    w.StartArray();
    for (const ChatMessage& message : messages) {
      w.StartObject();
      w.Key("role");
      WriteString(w, message.role);
      w.Key("content");
      WriteString(w, message.content);
      w.EndObject();
    }
    w.EndArray();
  } else {
    std::string prompt;
    for (const ChatMessage& message : messages) {
      prompt += (prompt.empty() ? "" : "\n\n") + message.content;
    }
    w.Key("prompt");
    WriteString(w, prompt);
  }
}

void WriteModelAndPrompt(Writer& w, Endpoint endpoint, const std::string& model,
                         const std::string& prompt) {
  WriteModelAndMessages(w, endpoint, model, {{"user", prompt}});
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
  return BuildStreamingRequest(endpoint, model, {{"user", prompt}}, max_tokens,
                               options);
}

std::string BuildStreamingRequest(Endpoint endpoint, const std::string& model,
                                  const std::vector<ChatMessage>& messages,
                                  int64_t max_tokens,
                                  const RequestOptions& options) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  WriteModelAndMessages(w, endpoint, model, messages);
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
