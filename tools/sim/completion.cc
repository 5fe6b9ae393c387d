// Plans completion requests and renders their vLLM-shaped response events.
#include "tools/sim/completion.h"

#include <cinttypes>
#include <cstdio>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/sim/seeded_random.h"

namespace servebench::sim {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr uint64_t kIdSalt = 0x6964ull;  // "id"

uint64_t ContentHash(const CompletionRequest& request,
                     const std::vector<int32_t>& prompt_ids,
                     int64_t max_tokens) {
  uint64_t hash = HashCombine(static_cast<uint64_t>(request.endpoint),
                              static_cast<uint64_t>(max_tokens));
  hash = HashCombine(hash, static_cast<uint64_t>(request.min_tokens));
  for (int32_t id : prompt_ids) {
    hash = HashCombine(hash, static_cast<uint64_t>(id));
  }
  return hash;
}

// vLLM's ids are a prefix plus a uuid4 in hex.
std::string RequestId(Endpoint endpoint, uint64_t seed, uint64_t index) {
  uint64_t hi = Mix64(HashCombine(HashCombine(seed, kIdSalt), index));
  uint64_t lo = Mix64(hi ^ index);
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016" PRIx64 "%016" PRIx64, hi, lo);
  return (endpoint == Endpoint::kChatCompletions ? "chatcmpl-" : "cmpl-") +
         std::string(hex);
}

void String(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void WriteHeader(JsonWriter& w, const CompletionPlan& plan,
                 std::string_view object) {
  w.Key("id");
  String(w, plan.id);
  w.Key("object");
  String(w, object);
  w.Key("created");
  w.Int64(plan.created);
  w.Key("model");
  String(w, plan.model);
}

void WriteUsage(JsonWriter& w, int64_t prompt, int64_t completion,
                bool with_details) {
  w.Key("usage");
  w.StartObject();
  w.Key("prompt_tokens");
  w.Int64(prompt);
  w.Key("total_tokens");
  w.Int64(prompt + completion);
  w.Key("completion_tokens");
  w.Int64(completion);
  if (with_details) {
    w.Key("prompt_tokens_details");
    w.Null();
  }
  w.EndObject();
}

std::string_view ChunkObject(const CompletionPlan& plan) {
  return plan.endpoint == Endpoint::kChatCompletions ? "chat.completion.chunk"
                                                     : "text_completion";
}

bool HasRoleChunk(const CompletionPlan& plan) {
  return plan.endpoint == Endpoint::kChatCompletions;
}

std::string AsEvent(const rapidjson::StringBuffer& json) {
  std::string bytes = "data: ";
  bytes.append(json.GetString(), json.GetSize());
  bytes += "\n\n";
  return bytes;
}

// One streamed choice. `token_index` < 0 renders the chat role chunk.
std::string ChoiceChunk(const CompletionPlan& plan, int64_t token_index) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  bool last = token_index >= 0 && token_index == plan.completion_tokens() - 1;
  w.StartObject();
  WriteHeader(w, plan, ChunkObject(plan));
  w.Key("choices");
  w.StartArray();
  w.StartObject();
  w.Key("index");
  w.Int(0);
  if (plan.endpoint == Endpoint::kChatCompletions) {
    w.Key("delta");
    w.StartObject();
    if (token_index < 0) {
      w.Key("role");
      w.String("assistant");
      w.Key("content");
      w.String("");
    } else {
      w.Key("content");
      String(w, plan.generation.token_texts[token_index]);
    }
    w.EndObject();
  } else {
    w.Key("text");
    String(w, plan.generation.token_texts[token_index]);
  }
  w.Key("logprobs");
  w.Null();
  w.Key("finish_reason");
  if (last) {
    String(w, FinishReasonName(plan.generation.finish));
  } else {
    w.Null();
  }
  // vLLM sets stop_reason on the finishing chat chunk and on every
  // completions chunk.
  if (last || plan.endpoint == Endpoint::kCompletions) {
    w.Key("stop_reason");
    w.Null();
  }
  w.EndObject();
  w.EndArray();
  if (plan.continuous_usage) {
    WriteUsage(w, plan.prompt_tokens, token_index + 1, false);
  }
  w.EndObject();
  return AsEvent(buffer);
}

std::string UsageChunk(const CompletionPlan& plan) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteHeader(w, plan, ChunkObject(plan));
  w.Key("choices");
  w.StartArray();
  w.EndArray();
  WriteUsage(w, plan.prompt_tokens, plan.completion_tokens(), true);
  w.EndObject();
  return AsEvent(buffer);
}

std::string GeneratedText(const CompletionPlan& plan) {
  std::string text;
  for (std::string_view piece : plan.generation.token_texts) text += piece;
  return text;
}

}  // namespace

OrApiError<CompletionPlan> PlanCompletion(const CompletionRequest& request,
                                          const SimConfig& config,
                                          uint64_t request_index,
                                          int64_t created_unix_s) {
  if (auto error = CheckModel(request.model, config.model)) return *error;
  std::vector<int32_t> prompt_ids = PromptTokenIds(request);
  int64_t prompt_tokens = static_cast<int64_t>(prompt_ids.size());
  int64_t max_tokens = request.max_tokens.value_or(kDefaultMaxTokens);
  if (auto error = CheckLimits(prompt_tokens, max_tokens, request.min_tokens,
                               config.max_model_len)) {
    return *error;
  }

  uint64_t content_hash = ContentHash(request, prompt_ids, max_tokens);
  CompletionPlan plan;
  plan.endpoint = request.endpoint;
  plan.id = RequestId(request.endpoint, config.seed, request_index);
  plan.created = created_unix_s;
  plan.model = config.model;
  plan.prompt_tokens = prompt_tokens;
  plan.generation =
      PlanGeneration(GenerationRequest{.max_tokens = max_tokens,
                                       .min_tokens = request.min_tokens,
                                       .ignore_eos = request.ignore_eos,
                                       .content_hash = content_hash},
                     config.early_stop_fraction, config.seed);
  uint64_t stream_seed =
      HashCombine(HashCombine(config.seed, content_hash), request_index);
  plan.token_offsets = TimingModel(config).TokenOffsets(
      prompt_tokens, plan.completion_tokens(), stream_seed);
  plan.stream = request.stream;
  plan.include_usage = request.include_usage;
  plan.continuous_usage = request.continuous_usage;
  plan.role_chunk = config.role_chunk;
  return plan;
}

size_t StreamEventCount(const CompletionPlan& plan) {
  return (HasRoleChunk(plan) ? 1 : 0) +
         static_cast<size_t>(plan.completion_tokens()) +
         (plan.include_usage ? 1 : 0) + 1;
}

StreamEvent StreamEventAt(const CompletionPlan& plan, size_t index) {
  const int64_t tokens = plan.completion_tokens();
  const Duration first = tokens > 0 ? plan.token_offsets.front() : Duration(0);
  const Duration last = tokens > 0 ? plan.token_offsets.back() : Duration(0);
  StreamEvent event;
  if (HasRoleChunk(plan)) {
    if (index == 0) {
      event.kind = StreamEvent::Kind::kRole;
      event.at =
          plan.role_chunk == RoleChunk::kBeforePrefill ? Duration(0) : first;
      // With continuous usage it reports zero completion tokens, as vLLM's.
      event.bytes = ChoiceChunk(plan, -1);
      return event;
    }
    --index;
  }
  if (index < static_cast<size_t>(tokens)) {
    event.kind = StreamEvent::Kind::kToken;
    event.token_index = static_cast<int64_t>(index);
    event.at = plan.token_offsets[index];
    event.bytes = ChoiceChunk(plan, event.token_index);
    return event;
  }
  index -= tokens;
  event.at = last;
  if (plan.include_usage && index == 0) {
    event.kind = StreamEvent::Kind::kUsage;
    event.bytes = UsageChunk(plan);
    return event;
  }
  event.kind = StreamEvent::Kind::kDone;
  event.bytes = "data: [DONE]\n\n";
  return event;
}

Duration FullResponseDelay(const CompletionPlan& plan) {
  return plan.token_offsets.empty() ? Duration(0) : plan.token_offsets.back();
}

std::string FullResponseBody(const CompletionPlan& plan) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  bool chat = plan.endpoint == Endpoint::kChatCompletions;
  std::string text = GeneratedText(plan);
  w.StartObject();
  WriteHeader(w, plan, chat ? "chat.completion" : "text_completion");
  w.Key("choices");
  w.StartArray();
  w.StartObject();
  w.Key("index");
  w.Int(0);
  if (chat) {
    w.Key("message");
    w.StartObject();
    w.Key("role");
    w.String("assistant");
    w.Key("reasoning_content");
    w.Null();
    w.Key("content");
    String(w, text);
    w.Key("tool_calls");
    w.StartArray();
    w.EndArray();
    w.EndObject();
  } else {
    w.Key("text");
    String(w, text);
  }
  w.Key("logprobs");
  w.Null();
  w.Key("finish_reason");
  String(w, FinishReasonName(plan.generation.finish));
  w.Key("stop_reason");
  w.Null();
  if (!chat) {
    w.Key("prompt_logprobs");
    w.Null();
  }
  w.EndObject();
  w.EndArray();
  WriteUsage(w, plan.prompt_tokens, plan.completion_tokens(), true);
  if (chat) {
    w.Key("prompt_logprobs");
    w.Null();
  }
  w.EndObject();
  return buffer.GetString();
}

}  // namespace servebench::sim
