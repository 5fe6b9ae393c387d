// Unique synthetic prompts from a seeded word sequence.
#include "bench/prompt_synthesizer.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <random>
#include <string_view>

namespace servebench {
namespace {

// Frequent words that common tokenizers (Llama, Qwen, GPT) keep whole.
constexpr std::array<std::string_view, 64> kWords = {
    "the",   "of",    "and",   "to",   "in",    "is",      "it",   "that",
    "for",   "on",    "with",  "as",   "was",   "at",      "by",   "be",
    "this",  "from",  "or",    "an",   "are",   "not",     "but",  "we",
    "you",   "they",  "all",   "can",  "has",   "one",     "more", "time",
    "will",  "about", "which", "when", "there", "their",   "so",   "out",
    "up",    "into",  "some",  "than", "them",  "just",    "only", "new",
    "over",  "also",  "after", "use",  "two",   "how",     "our",  "work",
    "first", "well",  "way",   "even", "want",  "because", "any",  "these"};

// Hex digits of a 64-bit value, for the leading tag.
std::string Hex(uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kDigits[v & 0xf];
  return out;
}

}  // namespace

PromptSynthesizer::PromptSynthesizer(uint64_t run_nonce)
    : run_nonce_(run_nonce) {}

std::string PromptSynthesizer::Next(int64_t target_tokens) {
  const uint64_t number = ++request_number_;
  // The tag leads, so the very first tokens differ between any two requests.
  std::string prompt =
      "Request " + Hex(run_nonce_) + "-" + std::to_string(number) + ":";
  std::mt19937_64 rng(run_nonce_ ^ (number * 0x9E3779B97F4A7C15ULL));
  std::uniform_int_distribution<size_t> pick(0, kWords.size() - 1);
  // The tag takes roughly 8 tokens; fill the rest with words.
  for (int64_t i = 8; i < target_tokens; ++i) {
    prompt += ' ';
    prompt += kWords[pick(rng)];
  }
  return prompt;
}

uint64_t FreshNonce() {
  const auto now = std::chrono::system_clock::now().time_since_epoch().count();
  return static_cast<uint64_t>(now) * 0x9E3779B97F4A7C15ULL ^
         static_cast<uint64_t>(getpid());
}

}  // namespace servebench
