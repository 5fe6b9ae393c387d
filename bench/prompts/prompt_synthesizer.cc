// Unique synthetic prompts from a seeded word sequence.
#include "bench/prompts/prompt_synthesizer.h"

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

// SplitMix64: a well-mixed 64-bit hash of the nonce and request number.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

PromptSynthesizer::PromptSynthesizer(uint64_t run_nonce)
    : run_nonce_(run_nonce) {}

std::string PromptSynthesizer::Next(int64_t filler_words) {
  const uint64_t number = ++request_number_;
  const uint64_t hash = Mix(run_nonce_ ^ Mix(number));
  std::string prompt;
  // The tag leads: 8 words, 6 bits each, from the hash (64 words = 6 bits).
  for (int i = 0; i < kTagWords; ++i) {
    if (i > 0) prompt += ' ';
    prompt += kWords[(hash >> (6 * i)) & 63];
  }
  std::mt19937_64 rng(hash);
  std::uniform_int_distribution<size_t> pick(0, kWords.size() - 1);
  for (int64_t i = 0; i < filler_words; ++i) {
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
