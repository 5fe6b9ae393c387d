// Plans completion requests; engine_stream.cc lays out their streams and
// the *_chunks.cc files render each engine's bytes.
#include "tools/sim/completion.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <optional>

#include "tools/sim/engine_errors.h"
#include "tools/sim/engine_stream.h"
#include "tools/sim/fault.h"
#include "tools/sim/seeded_random.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

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

// Each token is due with its decode step.
void SetTokenOffsets(CompletionPlan& plan) {
  plan.token_offsets.clear();
  for (size_t step = 0; step < plan.step_sizes.size(); ++step) {
    plan.token_offsets.insert(plan.token_offsets.end(), plan.step_sizes[step],
                              plan.step_offsets[step]);
  }
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
  SetTokenOffsets(plan);
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
  SetTokenOffsets(plan);
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
  return EngineStream(plan).size();
}

StreamEvent StreamEventAt(const CompletionPlan& plan, size_t index) {
  StreamEvent event;
  EngineStream(plan).Render(index, event);
  return event;
}

Duration FullResponseDelay(const CompletionPlan& plan) {
  return plan.token_offsets.empty() ? Duration(0) : plan.token_offsets.back();
}

std::string FullResponseBody(const CompletionPlan& plan) {
  return EngineFullResponseBody(plan);
}

}  // namespace servebench::sim
