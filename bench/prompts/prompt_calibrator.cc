// Filler-length correction against the server's token count.
#include "bench/prompts/prompt_calibrator.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "bench/base/limits.h"

namespace servebench {
namespace {

// Tokens a chat template may add around a prompt (role markers, a system
// prompt), far above what real templates add.
constexpr int64_t kTemplateAllowanceTokens = 4096;

}  // namespace

PromptCalibrator::PromptCalibrator(PromptSynthesizer& prompts,
                                   TokenCounter counter, std::string method,
                                   int max_counts)
    : prompts_(prompts),
      counter_(std::move(counter)),
      method_(std::move(method)),
      max_counts_(max_counts) {}

Result<Calibration> PromptCalibrator::For(int64_t isl) {
  if (auto cached = cache_.find(isl); cached != cache_.end()) {
    return cached->second;
  }
  int64_t filler = std::max<int64_t>(0, isl - PromptSynthesizer::kTagWords);
  std::optional<Calibration> below, above;  // closest on each side
  for (int count = 1; count <= max_counts_; ++count) {
    const std::string prompt = prompts_.Next(filler);
    auto tokens = counter_(prompt);
    if (!tokens.ok()) {
      return Error{"calibrating the prompt for ISL " + std::to_string(isl) +
                   " with " + method_ + " failed: " + tokens.error()};
    }
    // A token is at least one byte: a count above the prompt's bytes (plus a
    // chat template's allowance) is no count, and acting on it would build
    // a runaway prompt.
    if (*tokens < 0 || *tokens > static_cast<int64_t>(prompt.size()) +
                                     kTemplateAllowanceTokens) {
      return Error{
          "calibrating the prompt for ISL " + std::to_string(isl) + " with " +
          method_ + ": the server counted " + std::to_string(*tokens) +
          " tokens for a prompt of " + std::to_string(prompt.size()) +
          " bytes, which no tokenizer can; check the server's " + method_};
    }
    Calibration c{filler, *tokens, count, isl};
    if (*tokens == isl) {
      cache_[isl] = c;
      return c;
    }
    if (*tokens < isl && (!below || *tokens > below->counted_tokens)) below = c;
    if (*tokens > isl && (!above || *tokens < above->counted_tokens)) above = c;
    if (*tokens > isl && filler == 0) {
      return Error{"ISL " + std::to_string(isl) + " is too small: the chat " +
                   "template and the prompt's unique tag alone count " +
                   std::to_string(*tokens) + " tokens (" + method_ + ")"};
    }
    // One filler word is one token: correct by the difference; when that
    // does not converge (a tokenizer merging words), step by one.
    int64_t next = std::max<int64_t>(0, filler + (isl - *tokens));
    if (count > 2) next = filler + (*tokens < isl ? 1 : -1);
    filler = std::clamp<int64_t>(next, 0, kMaxPromptWords);
  }
  Calibration closest = below ? *below : *above;
  cache_[isl] = closest;
  return closest;
}

}  // namespace servebench
