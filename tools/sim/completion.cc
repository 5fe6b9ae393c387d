// Plans completion requests and renders their vLLM-shaped response events.
#include "tools/sim/completion.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <optional>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/sim/engine_errors.h"
#include "tools/sim/engine_stream.h"
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

// The engines' response ids: SGLang's are a bare uuid4 hex (its rid);
// llama.cpp's "chatcmpl-" and 32 random letters and digits, for both
// endpoints; trtllm-serve's streams "chatcmpl-<n>"/"cmpl-<n>" with the
// executor's request id, its full responses a uuid4 hex after the prefix.
std::string EngineRequestId(Engine engine, Endpoint endpoint, bool stream,
                            uint64_t seed, uint64_t index) {
  const bool chat = endpoint == Endpoint::kChatCompletions;
  switch (engine) {
    case Engine::kSglang: {
      std::string id = RequestId(endpoint, seed, index);
      return id.substr(id.find('-') + 1);
    }
    case Engine::kLlamaCpp: {
      static constexpr std::string_view kChars =
          "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
      std::string id = "chatcmpl-";
      uint64_t state = HashCombine(HashCombine(seed, kIdSalt), index);
      for (int i = 0; i < 32; ++i) {
        state = Mix64(state + static_cast<uint64_t>(i));
        id.push_back(kChars[state % kChars.size()]);
      }
      return id;
    }
    case Engine::kTrtllm:
      if (stream) {
        return (chat ? "chatcmpl-" : "cmpl-") + std::to_string(index + 1);
      }
      return RequestId(endpoint, seed, index);
    case Engine::kVllm:
      break;
  }
  return RequestId(endpoint, seed, index);
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
  return PlanText(plan, begin, end);
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

std::string PlanText(const CompletionPlan& plan, int64_t begin, int64_t end) {
  std::string text;
  for (int64_t i = begin; i < end; ++i) {
    text += plan.generation.token_texts[i];
  }
  return text;
}

namespace {

// The engine's limits on a request's length. Sets `max_tokens` and
// `min_tokens` to what the engine will honour.
std::optional<ApiError> CheckEngineLimits(const CompletionRequest& request,
                                          const SimConfig& config,
                                          int64_t prompt_tokens,
                                          int64_t& max_tokens,
                                          int64_t& min_tokens) {
  const int64_t context = config.max_model_len;
  switch (config.engine) {
    case Engine::kLlamaCpp: {
      // n_predict defaults to -1 (until the context is full); min_tokens is
      // not a llama.cpp field; a prompt that fills the slot's context is
      // refused, and generation stops ("length") when the context is full.
      min_tokens = 0;
      if (prompt_tokens >= context) {
        return LlamaCppContextError(prompt_tokens, context);
      }
      max_tokens = request.max_tokens.value_or(context - prompt_tokens);
      if (auto error = CheckLimits(prompt_tokens, max_tokens, min_tokens,
                                   std::numeric_limits<int64_t>::max())) {
        return error;
      }
      max_tokens = std::min(max_tokens, context - prompt_tokens);
      return std::nullopt;
    }
    case Engine::kSglang:
      max_tokens = request.max_tokens.value_or(kDefaultMaxTokens);
      if (auto error = CheckLimits(prompt_tokens, max_tokens, min_tokens,
                                   std::numeric_limits<int64_t>::max())) {
        return error;
      }
      if (max_tokens > context - prompt_tokens) {
        return SglangContextError(prompt_tokens, max_tokens, context);
      }
      return std::nullopt;
    case Engine::kVllm:
    case Engine::kTrtllm:
      break;
  }
  max_tokens = request.max_tokens.value_or(kDefaultMaxTokens);
  return CheckLimits(prompt_tokens, max_tokens, min_tokens, context);
}

// The model name a response's chunks carry: vLLM its served name, the
// others the request's "model" echoed (SGLang "default" without one).
std::string ResponseModel(const CompletionRequest& request,
                          const SimConfig& config) {
  switch (config.engine) {
    case Engine::kVllm:
      return config.model;
    case Engine::kSglang:
      return request.model.value_or("default");
    default:
      return request.model.value_or(config.model);
  }
}

}  // namespace

OrApiError<CompletionPlan> PlanCompletion(const CompletionRequest& request,
                                          const SimConfig& config,
                                          uint64_t request_index,
                                          int64_t created_unix_s,
                                          PrefixCache* prefix_cache) {
  // Only vLLM refuses other model names; the other engines serve one model
  // whatever the request names.
  if (config.engine == Engine::kVllm) {
    if (auto error = CheckModel(request.model, config.model)) return *error;
  }
  std::vector<int32_t> prompt_ids = PromptTokenIds(request);
  int64_t prompt_tokens = static_cast<int64_t>(prompt_ids.size());
  int64_t max_tokens = 0;
  int64_t min_tokens = request.min_tokens;
  if (auto error = CheckEngineLimits(request, config, prompt_tokens, max_tokens,
                                     min_tokens)) {
    return *error;
  }

  uint64_t content_hash = ContentHash(request, prompt_ids, max_tokens);
  CompletionPlan plan;
  plan.engine = config.engine;
  plan.endpoint = request.endpoint;
  plan.id = config.engine == Engine::kVllm
                ? RequestId(request.endpoint, config.seed, request_index)
                : EngineRequestId(config.engine, request.endpoint,
                                  request.stream, config.seed, request_index);
  plan.created = created_unix_s;
  plan.model = ResponseModel(request, config);
  plan.max_model_len = config.max_model_len;
  plan.prompt_tokens = prompt_tokens;
  plan.max_tokens = max_tokens;
  plan.generation = PlanGeneration(
      GenerationRequest{
          .max_tokens = max_tokens,
          // A server that drops both fields,
          // as some silently do.
          .min_tokens = config.ignore_ignore_eos ? 0 : min_tokens,
          .ignore_eos = request.ignore_eos && !config.ignore_ignore_eos,
          .content_hash = content_hash},
      config.early_stop_fraction, config.seed);
  uint64_t stream_seed =
      HashCombine(HashCombine(config.seed, content_hash), request_index);
  plan.stream_seed = stream_seed;
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
  // Token ids in choices are a vLLM extension.
  plan.token_ids_in_choices =
      config.engine == Engine::kVllm &&
      (request.return_token_ids || config.spec_tokens > 0);
  plan.stream = request.stream;
  plan.include_usage = request.include_usage;
  plan.continuous_usage = request.continuous_usage;
  plan.continuous_usage_stats = request.continuous_usage_stats;
  plan.role_chunk = config.role_chunk;
  plan.reported_prompt_tokens = plan.prompt_tokens;
  plan.reported_completion_tokens = plan.completion_tokens();
  return plan;
}

std::vector<Duration> StepOffsetsFor(const CompletionPlan& plan,
                                     const SimConfig& config, int64_t running) {
  const double scale =
      1.0 + config.batch_tpot_alpha *
                static_cast<double>(std::max<int64_t>(running, 1) - 1);
  return TimingModel(config).TokenOffsets(
      plan.prompt_tokens - plan.cached_tokens,
      static_cast<int64_t>(plan.step_sizes.size()), plan.stream_seed, scale);
}

void ApplySchedule(CompletionPlan& plan, const SimConfig& config,
                   Duration queue_delay, int64_t running) {
  plan.step_offsets = StepOffsetsFor(plan, config, running);
  for (Duration& offset : plan.step_offsets) offset += queue_delay;
  plan.token_offsets.clear();
  for (size_t step = 0; step < plan.step_sizes.size(); ++step) {
    plan.token_offsets.insert(plan.token_offsets.end(), plan.step_sizes[step],
                              plan.step_offsets[step]);
  }
  plan.queue_delay = queue_delay;
  plan.running_at_admission = running;
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
  if (plan.engine != Engine::kVllm) return EngineStream(plan).size();
  return (HasRoleChunk(plan) ? 1 : 0) + plan.step_sizes.size() +
         (plan.include_usage ? 1 : 0) + 1;
}

StreamEvent StreamEventAt(const CompletionPlan& plan, size_t index) {
  if (plan.engine != Engine::kVllm) {
    StreamEvent event;
    EngineStream(plan).Render(index, event);
    return event;
  }
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
  if (plan.engine != Engine::kVllm) return EngineFullResponseBody(plan);
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
