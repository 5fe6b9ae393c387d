// Calibrates a case's prompt to the target ISL as the server counts it,
// chat template included.
//
// Counting: the server's POST /tokenize where it exists (vLLM, llama.cpp, the
// simulator; with "messages" for chat, so the template is counted), else the
// usage.prompt_tokens of a probe request with max_tokens 1. The filler word
// count is then corrected by the difference until the count is exact, a few
// counts at most; because every prompt of a case has the same shape
// (bench/prompt_synthesizer.h), the result holds for all its requests. Results
// are cached per ISL for the suite run.
#ifndef SERVEBENCH_BENCH_PROMPT_CALIBRATOR_H_
#define SERVEBENCH_BENCH_PROMPT_CALIBRATOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "bench/base/result.h"
#include "bench/prompts/prompt_synthesizer.h"

namespace servebench {

// Counts the tokens the server sees for a prompt.
using TokenCounter = std::function<Result<int64_t>(const std::string& prompt)>;

struct Calibration {
  int64_t filler_words = 0;
  int64_t counted_tokens = 0;  // what the server counted with that filler
  int counts = 0;              // how many counts it took
  bool exact() const { return counted_tokens == target; }
  int64_t target = 0;
};

class PromptCalibrator {
 public:
  // `method` names the counter for messages: "/tokenize" or "probe requests".
  PromptCalibrator(PromptSynthesizer& prompts, TokenCounter counter,
                   std::string method, int max_counts = 6);

  // The filler for `isl` tokens (cached). Fails when the server's count
  // fails, or when even no filler counts more than `isl` tokens. A result
  // that never hit `isl` exactly is returned with exact() false, closest
  // from below when possible.
  Result<Calibration> For(int64_t isl);

  const std::string& method() const { return method_; }

 private:
  PromptSynthesizer& prompts_;
  TokenCounter counter_;
  std::string method_;
  int max_counts_;
  std::map<int64_t, Calibration> cache_;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROMPT_CALIBRATOR_H_
