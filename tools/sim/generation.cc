// Implements the seeded generation plan documented in generation.h.
#include "tools/sim/generation.h"

#include <algorithm>
#include <array>

#include "tools/sim/seeded_random.h"

namespace servebench::sim {
namespace {

// Distinct salts keep the independent decisions uncorrelated.
constexpr uint64_t kStopDecisionSalt = 0x73746f70ull;  // "stop"
constexpr uint64_t kStopLengthSalt = 0x6c656e67ull;    // "leng"
constexpr uint64_t kWordSalt = 0x776f7264ull;          // "word"

constexpr std::array<std::string_view, 64> kVocabulary = {
    " the",    " of",    " and",   " to",    " a",      " in",    " is",
    " that",   " for",   " it",    " as",    " with",   " was",   " on",
    " be",     " by",    " this",  " are",   " from",   " at",    " or",
    " an",     " which", " model", " token", " server", " batch", " cache",
    " memory", " layer", " time",  " data",  " GPU",    " fast",  " small",
    " large",  " first", " next",  " each",  " more",   " when",  " how",
    " we",     " can",   " will",  " has",   " new",    " one",   " two",
    " all",    " into",  " over",  " then",  " also",   " not",   " but",
    " its",    " so",    " these", " those", " some",   " many",  " very",
    " now"};

}  // namespace

std::string_view FinishReasonName(FinishReason reason) {
  return reason == FinishReason::kStop ? "stop" : "length";
}

std::span<const std::string_view> Vocabulary() { return kVocabulary; }

std::optional<int64_t> NaturalStopLength(const GenerationRequest& request,
                                         double early_stop_fraction,
                                         uint64_t seed) {
  if (request.ignore_eos || request.max_tokens <= 0) return std::nullopt;
  uint64_t base = HashCombine(seed, request.content_hash);
  double draw = UnitInterval(HashCombine(base, kStopDecisionSalt));
  if (draw >= early_stop_fraction) return std::nullopt;
  int64_t low = (request.max_tokens + 1) / 2;
  int64_t span = request.max_tokens - low + 1;
  int64_t length =
      low + static_cast<int64_t>(Mix64(HashCombine(base, kStopLengthSalt)) %
                                 static_cast<uint64_t>(span));
  return std::clamp<int64_t>(std::max<int64_t>(length, request.min_tokens), 1,
                             request.max_tokens);
}

GenerationPlan PlanGeneration(const GenerationRequest& request,
                              double early_stop_fraction, uint64_t seed) {
  GenerationPlan plan;
  std::optional<int64_t> stop =
      NaturalStopLength(request, early_stop_fraction, seed);
  int64_t count = stop ? *stop : std::max<int64_t>(request.max_tokens, 0);
  plan.finish = stop ? FinishReason::kStop : FinishReason::kLength;
  plan.token_texts.reserve(count);
  uint64_t base =
      HashCombine(HashCombine(seed, request.content_hash), kWordSalt);
  for (int64_t i = 0; i < count; ++i) {
    uint64_t pick = Mix64(HashCombine(base, static_cast<uint64_t>(i)));
    plan.token_texts.push_back(kVocabulary[pick % kVocabulary.size()]);
  }
  if (stop && count > 0) plan.token_texts.back() = "";  // the EOS token
  return plan;
}

}  // namespace servebench::sim
