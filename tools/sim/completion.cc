// Plans completion requests and renders their vLLM-shaped response events.
#include "tools/sim/completion.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/sim/fault.h"
#include "tools/sim/seeded_random.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr uint64_t kIdSalt = 0x6964ull;        // "id"
constexpr uint64_t kSpecSalt = 0x73706563ull;  // "spec"

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
                bool with_details, const CompletionPlan& plan) {
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
    if (plan.report_cached_tokens) {
      w.StartObject();
      w.Key("cached_tokens");
      w.Int64(plan.cached_tokens);
      w.EndObject();
    } else {
      w.Null();
    }
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

std::string TextOf(const CompletionPlan& plan, int64_t begin, int64_t end) {
  std::string text;
  for (int64_t i = begin; i < end; ++i) {
    text += plan.generation.token_texts[i];
  }
  return text;
}

void WriteReasoning(JsonWriter& w, const CompletionPlan& plan,
                    const std::string& text) {
  if (plan.reasoning_field != ReasoningField::kReasoningContent) {
    w.Key("reasoning");
    String(w, text);
  }
  if (plan.reasoning_field != ReasoningField::kReasoning) {
    w.Key("reasoning_content");
    String(w, text);
  }
}

void WriteTokenIds(JsonWriter& w, const CompletionPlan& plan, int64_t begin,
                   int64_t end) {
  w.Key("token_ids");
  w.StartArray();
  for (int64_t i = begin; i < end; ++i) w.Int(plan.token_ids[i]);
  w.EndArray();
}

// One streamed choice carrying tokens [begin, end); begin < 0 renders the
// chat role chunk.
std::string ChoiceChunk(const CompletionPlan& plan, int64_t begin,
                        int64_t end) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  const bool role = begin < 0;
  if (role) end = 0;
  const bool last = !role && end == plan.completion_tokens();
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
    if (role) {
      w.Key("role");
      w.String("assistant");
      w.Key("content");
      w.String("");
    } else {
      const int64_t split =
          std::clamp(plan.reasoning_tokens, begin, end);  // first content
      if (split > begin) WriteReasoning(w, plan, TextOf(plan, begin, split));
      if (split < end || split == begin) {
        w.Key("content");
        String(w, TextOf(plan, split, end));
      }
    }
    w.EndObject();
  } else {
    w.Key("text");
    String(w, TextOf(plan, begin, end));
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
  if (plan.token_ids_in_choices && !role) {
    WriteTokenIds(w, plan, begin, end);
  }
  w.EndObject();
  w.EndArray();
  if (plan.continuous_usage) {
    WriteUsage(w, plan.reported_prompt_tokens, end, false, plan);
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
  WriteUsage(w, plan.reported_prompt_tokens, plan.reported_completion_tokens,
             true, plan);
  w.EndObject();
  return AsEvent(buffer);
}

}  // namespace

OrApiError<CompletionPlan> PlanCompletion(const CompletionRequest& request,
                                          const SimConfig& config,
                                          uint64_t request_index,
                                          int64_t created_unix_s,
                                          PrefixCache* prefix_cache) {
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
  plan.generation = PlanGeneration(
      GenerationRequest{
          .max_tokens = max_tokens,
          // A server that drops both fields,
          // as some silently do.
          .min_tokens = config.ignore_ignore_eos ? 0 : request.min_tokens,
          .ignore_eos = request.ignore_eos && !config.ignore_ignore_eos,
          .content_hash = content_hash},
      config.early_stop_fraction, config.seed);
  uint64_t stream_seed =
      HashCombine(HashCombine(config.seed, content_hash), request_index);
  for (std::string_view word : plan.generation.token_texts) {
    // A word is " text": its id is that of its one token; EOS is <|eot_id|>.
    plan.token_ids.push_back(word.empty() ? kEndOfTurnId
                                          : TokenId(word.substr(1)));
  }
  if (config.prefix_cache && prefix_cache != nullptr) {
    plan.cached_tokens = prefix_cache->LookupAndInsert(prompt_ids);
  }
  plan.report_cached_tokens = config.prefix_cache;
  plan.spec_draft_tokens = config.spec_tokens;
  plan.step_sizes = SpecStepSizes(plan.completion_tokens(), config.spec_tokens,
                                  config.spec_acceptance,
                                  HashCombine(stream_seed, kSpecSalt));
  plan.spec = SpecStatsFor(plan.step_sizes, config.spec_tokens);
  // Cached prompt tokens cost no prefill.
  plan.step_offsets = TimingModel(config).TokenOffsets(
      prompt_tokens - plan.cached_tokens,
      static_cast<int64_t>(plan.step_sizes.size()), stream_seed);
  for (size_t step = 0; step < plan.step_sizes.size(); ++step) {
    plan.token_offsets.insert(plan.token_offsets.end(), plan.step_sizes[step],
                              plan.step_offsets[step]);
  }
  if (request.endpoint == Endpoint::kChatCompletions) {
    plan.reasoning_tokens =
        std::min(config.reasoning_tokens, plan.completion_tokens());
  }
  plan.reasoning_field = config.reasoning_field;
  plan.token_ids_in_choices =
      request.return_token_ids || config.spec_tokens > 0;
  plan.stream = request.stream;
  plan.include_usage = request.include_usage;
  plan.continuous_usage = request.continuous_usage;
  plan.role_chunk = config.role_chunk;
  plan.reported_prompt_tokens = plan.prompt_tokens;
  plan.reported_completion_tokens = plan.completion_tokens();
  return plan;
}

void ApplyUsageFault(FaultKind fault, CompletionPlan& plan) {
  if (fault == FaultKind::kInflatedUsage && plan.stream) {
    plan.reported_completion_tokens =
        InflatedCompletionTokens(plan.completion_tokens());
  } else if (fault == FaultKind::kInflatedPromptUsage) {
    plan.reported_prompt_tokens = InflatedPromptTokens(plan.prompt_tokens);
  }
}

size_t StreamEventCount(const CompletionPlan& plan) {
  return (HasRoleChunk(plan) ? 1 : 0) + plan.step_sizes.size() +
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
      event.bytes = ChoiceChunk(plan, -1, 0);
      return event;
    }
    --index;
  }
  const size_t steps = plan.step_sizes.size();
  if (index < steps) {
    int64_t begin = 0;
    for (size_t step = 0; step < index; ++step) begin += plan.step_sizes[step];
    event.kind = StreamEvent::Kind::kToken;
    event.token_index = begin;
    event.token_count = plan.step_sizes[index];
    event.at = plan.step_offsets[index];
    event.bytes = ChoiceChunk(plan, begin, begin + event.token_count);
    return event;
  }
  index -= steps;
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
  const int64_t split = plan.reasoning_tokens;
  std::string text = TextOf(plan, split, plan.completion_tokens());
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
    if (split > 0) {
      WriteReasoning(w, plan, TextOf(plan, 0, split));
    } else {
      w.Key("reasoning_content");
      w.Null();
    }
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
  if (plan.token_ids_in_choices) {
    WriteTokenIds(w, plan, 0, plan.completion_tokens());
  }
  if (!chat) {
    w.Key("prompt_logprobs");
    w.Null();
  }
  w.EndObject();
  w.EndArray();
  WriteUsage(w, plan.reported_prompt_tokens, plan.reported_completion_tokens,
             true, plan);
  if (chat) {
    w.Key("prompt_logprobs");
    w.Null();
  }
  w.EndObject();
  return buffer.GetString();
}

}  // namespace servebench::sim
