// One accepted completion request, fully planned: what it generates, when
// each token is due, and the exact bytes of every response event.
//
// Planning is pure (no clock reads, no IO) so the chunk sequence and timing of
// a stream can be tested without a server; the server only waits for each
// event's deadline and writes it.
//
// Stream shapes follow vLLM's OpenAI server:
//   chat:  role chunk {"role":"assistant","content":""}, then one chunk per
//          token {"content":" word"}; the last token's chunk carries
//          finish_reason ("length"/"stop") and "stop_reason":null; a natural
//          stop's EOS token is a chunk with empty content.
//   completions: one "text_completion" chunk per token, no role chunk.
//   include_usage: a final {"choices":[],"usage":{...}} chunk.
//   continuous_usage_stats: "usage" on every chunk as well.
//   always: "data: [DONE]" last.
#ifndef SERVEBENCH_TOOLS_SIM_COMPLETION_H_
#define SERVEBENCH_TOOLS_SIM_COMPLETION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/api_error.h"
#include "tools/sim/config.h"
#include "tools/sim/generation.h"
#include "tools/sim/request.h"
#include "tools/sim/timing.h"

namespace servebench::sim {

struct CompletionPlan {
  Endpoint endpoint = Endpoint::kChatCompletions;
  std::string id;       // "chatcmpl-<32 hex>" or "cmpl-<32 hex>"
  int64_t created = 0;  // Unix seconds
  std::string model;
  int64_t prompt_tokens = 0;
  GenerationPlan generation;
  std::vector<Duration> token_offsets;  // one per generated token
  bool stream = false;
  bool include_usage = false;
  bool continuous_usage = false;
  RoleChunk role_chunk = RoleChunk::kWithFirstToken;

  int64_t completion_tokens() const {
    return static_cast<int64_t>(generation.token_texts.size());
  }
};

// Validates a parsed request against the served model and plans it.
// `request_index` (the arrival order) seeds the timing jitter and the id;
// everything else is seeded by the server seed and the request content.
OrApiError<CompletionPlan> PlanCompletion(const CompletionRequest& request,
                                          const SimConfig& config,
                                          uint64_t request_index,
                                          int64_t created_unix_s);

struct StreamEvent {
  enum class Kind { kRole, kToken, kUsage, kDone };
  Kind kind = Kind::kToken;
  int64_t token_index = -1;  // for kToken
  Duration at{0};            // offset from the end of the request
  std::string bytes;         // "data: ...\n\n"
};

// Number of SSE events a streaming response sends.
size_t StreamEventCount(const CompletionPlan& plan);

// Event `index` (0-based, < StreamEventCount) of a streaming response.
StreamEvent StreamEventAt(const CompletionPlan& plan, size_t index);

// When a non-streaming response is due: with its last token.
Duration FullResponseDelay(const CompletionPlan& plan);

// The body of a non-streaming response ("chat.completion" or
// "text_completion"), usage included.
std::string FullResponseBody(const CompletionPlan& plan);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_COMPLETION_H_
