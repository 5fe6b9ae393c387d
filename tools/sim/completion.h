// One accepted completion request, fully planned: what it generates, when
// each token is due, and the exact bytes of every response event.
//
// Planning is pure (no clock reads, no IO) so the chunk sequence and timing of
// a stream can be tested without a server; the server only waits for each
// event's deadline and writes it.
//
// Stream shapes follow vLLM's OpenAI server, rendered by vllm_chunks.cc (the
// other engines' are in engine_stream.h, which lays out every engine's
// events; StreamEventAt and FullResponseBody dispatch on plan.engine):
//   chat:  role chunk {"role":"assistant","content":""}, then one chunk per
//          token {"content":" word"}; the last token's chunk carries
//          finish_reason ("length"/"stop") and "stop_reason":null; a natural
//          stop's EOS token is a chunk with empty content.
//   completions: one "text_completion" chunk per token, no role chunk.
//   include_usage: a final {"choices":[],"usage":{...}} chunk.
//   continuous_usage_stats: "usage" on every chunk as well.
//   always: "data: [DONE]" last.
//
// Optional modes (config.h), all off by default:
//   speculative decoding: one chunk per decode step carrying 1..K+1 tokens
//          (spec_decode.h), its content the concatenation of their words;
//   token ids: with "return_token_ids": true, or always in speculative mode,
//          each choice carries "token_ids" with one id per token in it;
//   reasoning: the first R tokens of a chat response go to the reasoning
//          field(s) instead of "content" (a chunk straddling the boundary
//          carries both);
//   prefix cache: usage.prompt_tokens_details is {"cached_tokens": N} and
//          prefill is charged only for the uncached tokens.
#ifndef SERVEBENCH_TOOLS_SIM_COMPLETION_H_
#define SERVEBENCH_TOOLS_SIM_COMPLETION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/api_error.h"
#include "tools/sim/config.h"
#include "tools/sim/generation.h"
#include "tools/sim/prefix_cache.h"
#include "tools/sim/request.h"
#include "tools/sim/spec_decode.h"
#include "tools/sim/timing.h"

namespace servebench::sim {

struct CompletionPlan {
  Engine engine = Engine::kVllm;
  Endpoint endpoint = Endpoint::kChatCompletions;
  std::string id;       // vLLM: "chatcmpl-<32 hex>" or "cmpl-<32 hex>"
  int64_t created = 0;  // Unix seconds
  std::string model;    // as the chunks name it
  int64_t max_model_len = 0;
  int64_t prompt_tokens = 0;
  int64_t max_tokens = 0;  // as honoured (the engine's default if unset)
  GenerationPlan generation;
  std::vector<int32_t> token_ids;  // one per generated token
  // Tokens emitted by each decode step (all 1 without speculative decoding)
  // and when each step is due; a token is due with its step.
  std::vector<int64_t> step_sizes;
  std::vector<Duration> step_offsets;
  std::vector<Duration> token_offsets;  // one per generated token
  // Scheduling (scheduler.h): how long the request waited for admission
  // (included in every offset above) and the requests running once it was
  // admitted, itself included. 0 and 1 without saturation.
  Duration queue_delay{0};
  int64_t running_at_admission = 1;
  uint64_t stream_seed = 0;  // seeds the jitter of the offsets
  bool stream = false;
  bool include_usage = false;
  bool continuous_usage = false;
  bool continuous_usage_stats = false;  // as requested (SGLang's rule)
  bool token_ids_in_choices = false;
  RoleChunk role_chunk = RoleChunk::kWithFirstToken;

  // Prompt tokens found in the prefix cache; reported only when
  // report_cached_tokens (the cache is enabled).
  int64_t cached_tokens = 0;
  bool report_cached_tokens = false;

  // Leading tokens that are reasoning (chat only, <= completion_tokens()).
  int64_t reasoning_tokens = 0;
  ReasoningField reasoning_field = ReasoningField::kReasoningContent;

  int spec_draft_tokens = 0;  // K; 0: no speculative decoding
  SpecStats spec;             // this request's share of the counters

  // What usage objects claim: the truth (prompt_tokens, completion_tokens())
  // unless ApplyUsageFault made the request lie. reported_prompt_tokens is
  // every usage's prompt_tokens (total_tokens follows it);
  // reported_completion_tokens is the final usage's completion_tokens
  // (continuous usage always counts the tokens actually sent).
  int64_t reported_prompt_tokens = 0;
  int64_t reported_completion_tokens = 0;

  int64_t completion_tokens() const {
    return static_cast<int64_t>(generation.token_texts.size());
  }
};

// Validates a parsed request against the served model and plans it.
// `request_index` (the arrival order) seeds the timing jitter and the id;
// everything else is seeded by the server seed and the request content.
// With config.prefix_cache, `prefix_cache` (if not null) is looked up for the
// prompt and then remembers it.
OrApiError<CompletionPlan> PlanCompletion(const CompletionRequest& request,
                                          const SimConfig& config,
                                          uint64_t request_index,
                                          int64_t created_unix_s,
                                          PrefixCache* prefix_cache = nullptr);

// Re-times `plan` for a request admitted after waiting `queue_delay` with
// `running` requests running (itself included): every offset is the
// admission plus the timing model's, decode steps scaled by
// 1 + config.batch_tpot_alpha * (running - 1).
void ApplySchedule(CompletionPlan& plan, const SimConfig& config,
                   Duration queue_delay, int64_t running);

// The offsets of `plan`'s steps for a request admitted with `running`
// requests running, from its admission (what ApplySchedule would set,
// without the queue delay). The last one is the request's service time.
std::vector<Duration> StepOffsetsFor(const CompletionPlan& plan,
                                     const SimConfig& config, int64_t running);

// The concatenated text of generated tokens [begin, end).
std::string PlanText(const CompletionPlan& plan, int64_t begin, int64_t end);

// Makes the usage of `plan` lie as `fault` says (fault.h): inflated-usage
// claims InflatedCompletionTokens in a stream's final usage chunk;
// inflated-prompt-usage claims InflatedPromptTokens in every usage of the
// request. Other kinds leave the plan unchanged.
void ApplyUsageFault(FaultKind fault, CompletionPlan& plan);

struct StreamEvent {
  // kFinish: a chunk after the last token that carries the finish reason
  // and no text (SGLang, llama.cpp).
  enum class Kind { kRole, kToken, kFinish, kUsage, kDone };
  Kind kind = Kind::kToken;
  int64_t token_index = -1;  // for kToken: its first token
  int64_t token_count = 0;   // for kToken: tokens in the chunk
  Duration at{0};            // offset from the end of the request
  std::string bytes;         // "data: ...\n\n"; empty: nothing is sent
};

// Number of SSE events a streaming response sends.
size_t StreamEventCount(const CompletionPlan& plan);

// Event `index` (0-based, < StreamEventCount) of a streaming response. Token
// events are one per decode step. This is the reference rendering, with a
// JSON writer per event; the server renders the same bytes faster with
// StreamRenderer (stream_renderer.h).
StreamEvent StreamEventAt(const CompletionPlan& plan, size_t index);

// When a non-streaming response is due: with its last token.
Duration FullResponseDelay(const CompletionPlan& plan);

// The body of a non-streaming response ("chat.completion" or
// "text_completion"), usage included.
std::string FullResponseBody(const CompletionPlan& plan);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_COMPLETION_H_
