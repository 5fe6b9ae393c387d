// Group prefixes, conversation histories and the whole-prompt calibration.
#include "bench/prompts/workload_prompts.h"

#include <algorithm>

namespace servebench {
namespace {

// Groups whose prefix is kept after a newer group's first request: a later
// turn of an older conversation may still need its group's prefix.
constexpr int kKeptGroups = 64;

}  // namespace

WorkloadPrompts::WorkloadPrompts(PromptSynthesizer& prompts,
                                 WorkloadShape shape)
    : prompts_(prompts), shape_(shape) {
  shape_.prefix_group = std::max(1, shape_.prefix_group);
  shape_.turns = std::max(1, shape_.turns);
  own_filler_ = std::max<int64_t>(0, shape_.filler_words - shape_.prefix_words);
}

std::string WorkloadPrompts::Prefix(int group) {
  if (auto it = prefixes_.find(group); it != prefixes_.end()) return it->second;
  // A prefix of exactly prefix_words words: its own tag, then filler.
  std::string prefix = prompts_.Next(
      std::max<int64_t>(0, shape_.prefix_words - PromptSynthesizer::kTagWords));
  prefixes_.emplace(group, prefix);
  while (!prefixes_.empty() && prefixes_.begin()->first < group - kKeptGroups) {
    prefixes_.erase(prefixes_.begin());
  }
  return prefix;
}

std::string WorkloadPrompts::UserText(int conversation) {
  std::string own = prompts_.Next(own_filler_);
  if (shape_.prefix_words <= 0) return own;
  return Prefix(conversation / shape_.prefix_group) + " " + own;
}

std::vector<ChatMessage> WorkloadPrompts::Messages(int index) {
  const int conversation = index / shape_.turns;
  const int turn = index % shape_.turns;
  if (shape_.turns == 1) return {{"user", UserText(conversation)}};
  std::vector<ChatMessage>& history = histories_[conversation];
  if (turn > 0) {
    // The previous turn's reply, then this turn's question.
    history.push_back({"assistant", prompts_.Next(std::max<int64_t>(
                                        0, shape_.reply_words -
                                               PromptSynthesizer::kTagWords))});
  }
  history.push_back({"user", turn == 0 ? UserText(conversation)
                                       : prompts_.Next(own_filler_)});
  std::vector<ChatMessage> messages = history;
  if (turn == shape_.turns - 1) histories_.erase(conversation);
  return messages;
}

Result<int64_t> WorkloadPrompts::Calibrate(const TokenCounter& counter,
                                           int64_t isl) {
  if (shape_.prefix_words <= 0) return isl;
  int64_t counted = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    // A throwaway group far from the level's, so no request shares it.
    const std::string prompt =
        prompts_.Next(std::max<int64_t>(
            0, shape_.prefix_words - PromptSynthesizer::kTagWords)) +
        " " + prompts_.Next(own_filler_);
    SB_ASSIGN_OR_RETURN(counted, counter(prompt));
    if (counted == isl) return counted;
    own_filler_ = std::max<int64_t>(0, own_filler_ + (isl - counted));
  }
  return counted;
}

}  // namespace servebench
