// Synthetic prompts of a target length, unique from their first words.
//
// Servers cache prompt prefixes (vLLM V1, SGLang and llama.cpp by default): a
// repeated prompt's TTFT measures the cache, not prefill. Every request
// therefore starts with its own tag (a run nonce and a request number) and
// the filler that follows is drawn from a sequence seeded by that tag, so no
// two requests share even their first tokens.
//
// Length: the filler is common English words that BPE tokenizers encode as
// one token each, so `target_tokens` words give about that many tokens. The
// server's count (usage.prompt_tokens) is what gets recorded.
#ifndef SERVEBENCH_BENCH_PROMPT_SYNTHESIZER_H_
#define SERVEBENCH_BENCH_PROMPT_SYNTHESIZER_H_

#include <cstdint>
#include <string>

namespace servebench {

class PromptSynthesizer {
 public:
  // `run_nonce` distinguishes this run from earlier runs against the same
  // server (whose cache may still hold their prompts).
  explicit PromptSynthesizer(uint64_t run_nonce);

  // A prompt of about `target_tokens` words; each call returns a prompt that
  // differs from every earlier one from its first word on.
  std::string Next(int64_t target_tokens);

  uint64_t run_nonce() const { return run_nonce_; }

 private:
  uint64_t run_nonce_;
  uint64_t request_number_ = 0;
};

// A nonce from the clock and the process id, for PromptSynthesizer.
uint64_t FreshNonce();

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROMPT_SYNTHESIZER_H_
