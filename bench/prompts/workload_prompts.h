// The prompts of a load level beyond the seed's unique ones: groups of
// requests that share a prompt prefix, and conversations that resend their
// history.
//
// Shared prefix (prefix_tokens P, prefix_group G). Conversation c belongs to
// group c / G; a group's requests open with the same P words (a prefix of
// its own, unique to the group and the run, from the synthesizer), then each
// continues with its own 8-word tag and filler, so two groups never share a
// block and two requests share exactly the group prefix. The synthesizer's
// words are one token each, so the shared part is P tokens, plus the chat
// template's opening that every prompt shares anyway. The whole prompt is
// still ISL tokens: the request's own filler is the calibrated filler less
// P words, and Calibrate() checks a whole prompt with the server's counter
// and corrects the own filler until it counts ISL exactly (a tokenizer that
// merged across the boundary is corrected for too).
//
// Conversations (turns T). Request c·T + t is turn t of conversation c.
// Turn 0 is a prompt as above, ISL tokens. Each later turn resends the
// history — every earlier user message and, as the assistant's replies,
// synthetic texts of OSL words (servebench does not keep the model's
// generated text) — and adds a new user message as long as turn 0's. So
// turn t's prompt is about (t + 1) × ISL + t × OSL tokens, and a server's
// prefix cache can serve everything before the new message. Only turn 0 is
// held to ISL; the others' lengths are recorded as the server counts them.
//
// Not thread-safe: the load driver builds bodies under its lock, and the
// turns of a conversation in order.
#ifndef SERVEBENCH_BENCH_PROMPTS_WORKLOAD_PROMPTS_H_
#define SERVEBENCH_BENCH_PROMPTS_WORKLOAD_PROMPTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/prompts/prompt_calibrator.h"
#include "bench/prompts/prompt_synthesizer.h"
#include "bench/protocol/request_body.h"  // ChatMessage

namespace servebench {

struct WorkloadShape {
  // Filler words of a whole unique ISL prompt (the calibrator's).
  int64_t filler_words = 0;
  int64_t prefix_words = 0;  // 0: no shared prefix
  int prefix_group = 1;
  int turns = 1;
  int64_t reply_words = 0;  // the synthetic assistant replies (OSL)
};

class WorkloadPrompts {
 public:
  WorkloadPrompts(PromptSynthesizer& prompts, WorkloadShape shape);

  // The messages of request `index` (c·turns + t), the last one the new
  // user message. Turns of a conversation must be asked for in order.
  std::vector<ChatMessage> Messages(int index);

  // Counts a whole first-turn prompt with `counter` and corrects the own
  // filler until it is `isl` tokens (a few counts at most). Returns what the
  // last count said. Without a shared prefix there is nothing to correct.
  Result<int64_t> Calibrate(const TokenCounter& counter, int64_t isl);

  // Own filler words after the prefix and tag (set: as an earlier
  // Calibrate() found them).
  int64_t own_filler_words() const { return own_filler_; }
  void set_own_filler_words(int64_t words) { own_filler_ = words; }

 private:
  std::string Prefix(int group);
  std::string UserText(int conversation);

  PromptSynthesizer& prompts_;
  WorkloadShape shape_;
  int64_t own_filler_ = 0;
  std::map<int, std::string> prefixes_;  // by group; old ones dropped
  std::map<int, std::vector<ChatMessage>> histories_;  // open conversations
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROMPTS_WORKLOAD_PROMPTS_H_
