// Defensive RapidJSON parsing of request bodies: every member is looked up
// with FindMember and type-checked before use, so a malformed request is a
// 400 with a clear message, never a crash.
#include "tools/sim/request.h"

#include <limits>
#include <string>

#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace servebench::sim {
namespace {

using rapidjson::Value;

// The member `key` of `object`, or nullptr when absent or null (OpenAI
// clients send explicit nulls for unset options).
const Value* Find(const Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

Error FieldError(std::string_view field, std::string_view expected) {
  return Error{"Field '" + std::string(field) + "' must be " +
               std::string(expected) + "."};
}

Result<std::optional<std::string>> OptionalString(const Value& object,
                                                  const char* key) {
  const Value* v = Find(object, key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->IsString()) return FieldError(key, "a string");
  return std::optional<std::string>(
      std::string(v->GetString(), v->GetStringLength()));
}

Result<std::optional<int64_t>> OptionalInt(const Value& object,
                                           const char* key) {
  const Value* v = Find(object, key);
  if (v == nullptr) return std::optional<int64_t>();
  if (!v->IsInt64()) return FieldError(key, "an integer");
  return std::optional<int64_t>(v->GetInt64());
}

Result<bool> OptionalBool(const Value& object, const char* key, bool fallback) {
  const Value* v = Find(object, key);
  if (v == nullptr) return fallback;
  if (!v->IsBool()) return FieldError(key, "true or false");
  return v->GetBool();
}

Result<const Value*> ParseObject(std::string_view body,
                                 rapidjson::Document& doc) {
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError()) {
    std::string reason = rapidjson::GetParseError_En(doc.GetParseError());
    if (!reason.empty() && reason.back() == '.') reason.pop_back();
    return Error{"The request body is not valid JSON: " + reason +
                 " (at byte " + std::to_string(doc.GetErrorOffset()) + ")."};
  }
  if (!doc.IsObject()) {
    return Error{"The request body must be a JSON object."};
  }
  return static_cast<const Value*>(&doc);
}

// Content is a string, null, or a list of parts of which only
// {"type":"text","text":...} is supported; text parts join with "\n" as
// vLLM's chat template rendering does.
Result<std::string> MessageContent(const Value& message, size_t index) {
  std::string where = "messages[" + std::to_string(index) + "].content";
  const Value* content = Find(message, "content");
  if (content == nullptr) return std::string();
  if (content->IsString()) {
    return std::string(content->GetString(), content->GetStringLength());
  }
  if (!content->IsArray()) {
    return FieldError(where, "a string, null or a list of text parts");
  }
  std::string text;
  for (rapidjson::SizeType i = 0; i < content->Size(); ++i) {
    const Value& part = (*content)[i];
    const Value* type = part.IsObject() ? Find(part, "type") : nullptr;
    const Value* part_text = part.IsObject() ? Find(part, "text") : nullptr;
    if (type == nullptr || !type->IsString() ||
        std::string_view(type->GetString()) != "text" || part_text == nullptr ||
        !part_text->IsString()) {
      return Error{"Field '" + where + "[" + std::to_string(i) +
                   "]' must be {\"type\": \"text\", \"text\": \"...\"}: the "
                   "simulator supports text content only."};
    }
    if (i > 0) text += "\n";
    text.append(part_text->GetString(), part_text->GetStringLength());
  }
  return text;
}

Result<std::vector<ChatMessage>> ParseMessages(const Value& root) {
  const Value* messages = Find(root, "messages");
  if (messages == nullptr) return Error{"Field 'messages' is required."};
  if (!messages->IsArray() || messages->Empty()) {
    return FieldError("messages", "a non-empty list of messages");
  }
  std::vector<ChatMessage> out;
  for (rapidjson::SizeType i = 0; i < messages->Size(); ++i) {
    const Value& m = (*messages)[i];
    std::string where = "messages[" + std::to_string(i) + "]";
    if (!m.IsObject()) return FieldError(where, "an object");
    const Value* role = Find(m, "role");
    if (role == nullptr || !role->IsString()) {
      return FieldError(where + ".role", "a string");
    }
    Result<std::string> content = MessageContent(m, i);
    if (!content.ok()) return content;
    out.push_back(ChatMessage{
        .role = std::string(role->GetString(), role->GetStringLength()),
        .content = std::move(content).value()});
  }
  return out;
}

// A prompt is a string, a list of one string, or a list of token ids (one
// prompt per request: the simulator does not batch).
Status ParsePrompt(const Value& root, CompletionRequest& request) {
  const Value* prompt = Find(root, "prompt");
  if (prompt == nullptr) return Error{"Field 'prompt' is required."};
  if (prompt->IsString()) {
    request.prompt.assign(prompt->GetString(), prompt->GetStringLength());
    return Ok{};
  }
  if (prompt->IsArray() && prompt->Size() == 1 && (*prompt)[0].IsString()) {
    request.prompt.assign((*prompt)[0].GetString(),
                          (*prompt)[0].GetStringLength());
    return Ok{};
  }
  if (prompt->IsArray() && !prompt->Empty()) {
    std::vector<int32_t> ids;
    for (const Value& id : prompt->GetArray()) {
      if (!id.IsInt()) {
        return Error{
            "Field 'prompt' must be a string, a list of one string or a list "
            "of token ids: the simulator accepts one prompt per request."};
      }
      ids.push_back(id.GetInt());
    }
    request.prompt_token_ids = std::move(ids);
    return Ok{};
  }
  return FieldError("prompt", "a non-empty string or list");
}

Status ParseStreamOptions(const Value& root, CompletionRequest& request) {
  const Value* options = Find(root, "stream_options");
  if (options == nullptr) return Ok{};
  if (!options->IsObject()) return FieldError("stream_options", "an object");
  if (!request.stream) {
    // vLLM's own wording.
    return Error{"Stream options can only be defined when `stream=True`."};
  }
  Result<bool> include = OptionalBool(*options, "include_usage", false);
  if (!include.ok()) return Error{"In stream_options: " + include.error()};
  Result<bool> continuous =
      OptionalBool(*options, "continuous_usage_stats", false);
  if (!continuous.ok()) {
    return Error{"In stream_options: " + continuous.error()};
  }
  request.include_usage = *include;
  request.continuous_usage_stats = *continuous;
  // vLLM reports per-chunk usage only when include_usage is also set.
  request.continuous_usage = *include && *continuous;
  return Ok{};
}

}  // namespace

Result<CompletionRequest> ParseCompletionRequest(Endpoint endpoint,
                                                 std::string_view body) {
  rapidjson::Document doc;
  Result<const Value*> parsed = ParseObject(body, doc);
  if (!parsed.ok()) return parsed;
  const Value& root = **parsed;

  CompletionRequest request;
  request.endpoint = endpoint;
  Result<std::optional<std::string>> model = OptionalString(root, "model");
  if (!model.ok()) return model;
  request.model = *model;

  if (endpoint == Endpoint::kChatCompletions) {
    Result<std::vector<ChatMessage>> messages = ParseMessages(root);
    if (!messages.ok()) return messages;
    request.messages = std::move(messages).value();
  } else if (Status s = ParsePrompt(root, request); !s.ok()) {
    return s;
  }

  Result<std::optional<int64_t>> max_tokens = OptionalInt(root, "max_tokens");
  if (!max_tokens.ok()) return max_tokens;
  request.max_tokens = *max_tokens;
  if (endpoint == Endpoint::kChatCompletions) {
    Result<std::optional<int64_t>> max_completion =
        OptionalInt(root, "max_completion_tokens");
    if (!max_completion.ok()) return max_completion;
    if (*max_completion) request.max_tokens = *max_completion;
  }
  Result<std::optional<int64_t>> min_tokens = OptionalInt(root, "min_tokens");
  if (!min_tokens.ok()) return min_tokens;
  request.min_tokens = min_tokens->value_or(0);
  if (request.min_tokens < 0) {
    return Error{"min_tokens must be greater than or equal to 0, got " +
                 std::to_string(request.min_tokens) + "."};
  }

  Result<bool> ignore_eos = OptionalBool(root, "ignore_eos", false);
  if (!ignore_eos.ok()) return ignore_eos;
  request.ignore_eos = *ignore_eos;
  Result<bool> stream = OptionalBool(root, "stream", false);
  if (!stream.ok()) return stream;
  request.stream = *stream;
  if (Status s = ParseStreamOptions(root, request); !s.ok()) {
    return s;
  }

  Result<bool> token_ids = OptionalBool(root, "return_token_ids", false);
  if (!token_ids.ok()) return token_ids;
  request.return_token_ids = *token_ids;

  // Accepted and ignored, but a wrong type is still the client's bug.
  const Value* temperature = Find(root, "temperature");
  if (temperature != nullptr && !temperature->IsNumber()) {
    return FieldError("temperature", "a number");
  }
  Result<std::optional<int64_t>> n = OptionalInt(root, "n");
  if (!n.ok()) return n;
  if (*n && **n != 1) {
    return Error{
        "The simulator supports n=1 only, got n=" + std::to_string(**n) + "."};
  }
  return request;
}

Result<TokenizeRequest> ParseTokenizeRequest(std::string_view body) {
  rapidjson::Document doc;
  Result<const Value*> parsed = ParseObject(body, doc);
  if (!parsed.ok()) return parsed;
  const Value& root = **parsed;

  TokenizeRequest request;
  Result<std::optional<std::string>> model = OptionalString(root, "model");
  if (!model.ok()) return model;
  request.model = *model;

  if (Find(root, "messages") != nullptr) {
    Result<std::vector<ChatMessage>> messages = ParseMessages(root);
    if (!messages.ok()) return messages;
    request.is_chat = true;
    request.messages = std::move(messages).value();
    Result<bool> generation_prompt =
        OptionalBool(root, "add_generation_prompt", true);
    if (!generation_prompt.ok()) return generation_prompt;
    request.add_generation_prompt = *generation_prompt;
    return request;
  }
  Result<std::optional<std::string>> prompt = OptionalString(root, "prompt");
  if (!prompt.ok()) return prompt;
  if (!*prompt) {
    return Error{"Either field 'prompt' or field 'messages' is required."};
  }
  request.prompt = std::move(**prompt);
  Result<bool> special = OptionalBool(root, "add_special_tokens", true);
  if (!special.ok()) return special;
  request.add_special_tokens = *special;
  return request;
}

std::vector<int32_t> PromptTokenIds(const CompletionRequest& request) {
  if (request.endpoint == Endpoint::kChatCompletions) {
    return TokenizeChat(request.messages);
  }
  if (request.prompt_token_ids) return *request.prompt_token_ids;
  return TokenizePrompt(request.prompt);
}

std::optional<ApiError> CheckModel(const std::optional<std::string>& model,
                                   std::string_view served_model) {
  if (model && *model != served_model) return ModelNotFound(*model);
  return std::nullopt;
}

std::optional<ApiError> CheckRejectedFields(
    std::string_view body, const std::vector<std::string>& fields) {
  if (fields.empty()) return std::nullopt;
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  for (const std::string& field : fields) {
    if (doc.HasMember(field.c_str())) {
      ApiError error = BadRequest(field + " is not supported");
      error.param = field;
      return error;
    }
  }
  return std::nullopt;
}

ApiError ContextLengthError(int64_t prompt_tokens, int64_t max_tokens,
                            int64_t max_model_len) {
  return BadRequest(
      "This model's maximum context length is " +
      std::to_string(max_model_len) + " tokens. However, you requested " +
      std::to_string(max_tokens >
                             std::numeric_limits<int64_t>::max() - prompt_tokens
                         ? std::numeric_limits<int64_t>::max()
                         : prompt_tokens + max_tokens) +
      " tokens (" + std::to_string(prompt_tokens) + " in the messages, " +
      std::to_string(max_tokens) +
      " in the completion). Please reduce the length of the messages or "
      "completion.");
}

std::optional<ApiError> CheckLimits(int64_t prompt_tokens, int64_t max_tokens,
                                    int64_t min_tokens, int64_t max_model_len) {
  if (max_tokens < 1) {
    return BadRequest("max_tokens must be at least 1, got " +
                      std::to_string(max_tokens) + ".");
  }
  if (min_tokens > max_tokens) {
    return BadRequest("min_tokens must be less than or equal to max_tokens=" +
                      std::to_string(max_tokens) + ", got " +
                      std::to_string(min_tokens) + ".");
  }
  // max_tokens is the client's: compare without adding, which could
  // overflow.
  if (max_tokens > max_model_len - prompt_tokens) {
    return ContextLengthError(prompt_tokens, max_tokens, max_model_len);
  }
  return std::nullopt;
}

}  // namespace servebench::sim
