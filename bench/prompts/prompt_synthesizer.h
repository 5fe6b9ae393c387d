// Synthetic prompts of an exact word count, unique from their first words.
//
// Servers cache prompt prefixes (vLLM V1, SGLang and llama.cpp by default): a
// repeated prompt's TTFT measures the cache, not prefill. Every request
// therefore starts with its own tag: kTagWords words drawn from a hash of the
// run nonce and the request number, so two requests share their first words
// only by a 1-in-2^48 chance. The filler after the tag is drawn from a
// sequence seeded by the same hash.
//
// Length: tag and filler are common English words that BPE tokenizers encode
// as one token each, and the tag always has the same number of words, so
// every prompt with the same filler count has the same token count. That is
// what makes calibration (bench/prompt_calibrator.h) hold for every request
// of a case. The server's count (usage.prompt_tokens) is what gets recorded.
#ifndef SERVEBENCH_BENCH_PROMPT_SYNTHESIZER_H_
#define SERVEBENCH_BENCH_PROMPT_SYNTHESIZER_H_

#include <cstdint>
#include <string>

namespace servebench {

class PromptSynthesizer {
 public:
  static constexpr int kTagWords = 8;

  // `run_nonce` distinguishes this run from earlier runs against the same
  // server (whose cache may still hold their prompts).
  explicit PromptSynthesizer(uint64_t run_nonce);

  // kTagWords tag words, then `filler_words` filler words (at least 0). Each
  // call returns a prompt that differs from every earlier one from its first
  // word on (up to the chance above).
  std::string Next(int64_t filler_words);

  uint64_t run_nonce() const { return run_nonce_; }

 private:
  uint64_t run_nonce_;
  uint64_t request_number_ = 0;
};

// A nonce from the clock and the process id, for PromptSynthesizer.
uint64_t FreshNonce();

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROMPT_SYNTHESIZER_H_
