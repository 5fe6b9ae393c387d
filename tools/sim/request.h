// Parsing and validation of the JSON bodies of /v1/chat/completions,
// /v1/completions and /tokenize.
//
// Parsing (Parse*Request) only checks shape and types and fails with a
// message for a 400; validation against the served model (CheckModel,
// CheckLimits) produces the exact vLLM error for each case.
#ifndef SERVEBENCH_TOOLS_SIM_REQUEST_H_
#define SERVEBENCH_TOOLS_SIM_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/result.h"
#include "tools/sim/api_error.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {

enum class Endpoint { kChatCompletions, kCompletions };

// vLLM's default when a request sets neither max_tokens nor
// max_completion_tokens.
inline constexpr int64_t kDefaultMaxTokens = 16;

struct CompletionRequest {
  Endpoint endpoint = Endpoint::kChatCompletions;
  std::optional<std::string> model;  // absent: the served model

  // Chat: the conversation.
  std::vector<ChatMessage> messages;
  // Completions: a text prompt, or token ids when the prompt was given as ids.
  std::string prompt;
  std::optional<std::vector<int32_t>> prompt_token_ids;

  // max_completion_tokens wins over max_tokens for chat, as in vLLM.
  std::optional<int64_t> max_tokens;
  int64_t min_tokens = 0;
  bool ignore_eos = false;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  bool continuous_usage =
      false;  // both include_usage and continuous_usage_stats
  bool continuous_usage_stats = false;  // stream_options.continuous_usage_stats
  bool return_token_ids = false;        // vLLM's "return_token_ids" extension
};

struct TokenizeRequest {
  std::optional<std::string> model;
  bool is_chat = false;  // "messages" given instead of "prompt"
  std::string prompt;
  std::vector<ChatMessage> messages;
  bool add_special_tokens = true;     // prompt form only
  bool add_generation_prompt = true;  // messages form only
};

// Parses a completion request body; errors name the offending field.
Result<CompletionRequest> ParseCompletionRequest(Endpoint endpoint,
                                                 std::string_view body);

// Parses a /tokenize body: {"prompt": "..."} or {"messages": [...]}.
Result<TokenizeRequest> ParseTokenizeRequest(std::string_view body);

// The prompt's token ids, special tokens included.
std::vector<int32_t> PromptTokenIds(const CompletionRequest& request);

// 404 when `model` is given and is not `served_model`.
std::optional<ApiError> CheckModel(const std::optional<std::string>& model,
                                   std::string_view served_model);

// A 400 "<field> is not supported" when the JSON object `body` has any of
// `fields` as a top-level member (even null); nullopt otherwise, and also
// when `body` is not a JSON object (parsing reports that).
std::optional<ApiError> CheckRejectedFields(
    std::string_view body, const std::vector<std::string>& fields);

// vLLM's 400 for a request that does not fit the context window.
ApiError ContextLengthError(int64_t prompt_tokens, int64_t max_tokens,
                            int64_t max_model_len);

// vLLM's 400s for max_tokens < 1, min_tokens > max_tokens and a request that
// does not fit the context window.
std::optional<ApiError> CheckLimits(int64_t prompt_tokens, int64_t max_tokens,
                                    int64_t min_tokens, int64_t max_model_len);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_REQUEST_H_
