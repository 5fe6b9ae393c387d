// What a simulated request generates: how many tokens, why it stops, and the
// text of each token.
//
// Every token is one word from a small fixed vocabulary, written with a
// leading space (" the"), so it is also one token for tokenizer.h. A request
// that stops naturally ends with an end-of-sequence token whose text is empty:
// like vLLM, the EOS token counts in completion_tokens but shows no text.
//
// All choices are pure functions of the server seed and a hash of the
// request's content, so the same request always gets the same answer.
#ifndef SERVEBENCH_TOOLS_SIM_GENERATION_H_
#define SERVEBENCH_TOOLS_SIM_GENERATION_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace servebench::sim {

enum class FinishReason { kLength, kStop };

// "length" or "stop", as in the API.
std::string_view FinishReasonName(FinishReason reason);

// The words generated text is drawn from.
std::span<const std::string_view> Vocabulary();

struct GenerationRequest {
  int64_t max_tokens = 16;
  int64_t min_tokens = 0;
  bool ignore_eos = false;
  uint64_t content_hash = 0;  // identifies the request's content
};

struct GenerationPlan {
  // One entry per generated token; the last is "" when finish is kStop.
  std::vector<std::string_view> token_texts;
  FinishReason finish = FinishReason::kLength;
};

// The length at which a request stops naturally, or nullopt when it runs to
// max_tokens. Without ignore_eos, a seeded draw stops a fraction
// `early_stop_fraction` of requests at a seeded length in
// [ceil(max_tokens / 2), max_tokens], raised to min_tokens if needed.
std::optional<int64_t> NaturalStopLength(const GenerationRequest& request,
                                         double early_stop_fraction,
                                         uint64_t seed);

// The full plan: tokens, texts and finish reason.
GenerationPlan PlanGeneration(const GenerationRequest& request,
                              double early_stop_fraction, uint64_t seed);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_GENERATION_H_
