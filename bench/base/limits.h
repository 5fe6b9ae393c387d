// The bounds servebench holds every outside value to: what a suite file, a
// baseline, a BENCH_* variable or a server may set. Each is far above real
// use and far below what would exhaust memory; README.md ("Limits") lists
// them. A value beyond a bound is refused with a sentence naming it, never
// silently clamped into a figure.
#ifndef SERVEBENCH_BENCH_BASE_LIMITS_H_
#define SERVEBENCH_BENCH_BASE_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace servebench {

// ISL and OSL of a case: 4,194,304 tokens (2^22), twice the longest
// contexts served today. It also bounds what prompt synthesis allocates
// (about 5 bytes per word, twice for the request body).
inline constexpr int64_t kMaxCaseTokens = int64_t{1} << 22;

// A max model length or any token count a server states (usage, /tokenize,
// /v1/models, /props): 16,777,216 tokens (2^24). Beyond it the number is not
// believed.
inline constexpr int64_t kMaxServerTokens = int64_t{1} << 24;

// Warm-up and measured runs per case, and BENCH_MAX_RUNS.
inline constexpr int kMaxRuns = 1000;

// Streams in flight at one concurrency level.
inline constexpr int kMaxConcurrency = 4096;

// Request rates of an open-loop level, in requests per second.
inline constexpr double kMinRequestRate = 0.001;
inline constexpr double kMaxRequestRate = 100000;

// Requests (or conversations) one load level may schedule.
inline constexpr int kMaxLevelRequests = 1000000;

// Seconds one load level may last, and an SLO limit in ms (a day each).
inline constexpr double kMaxLevelSeconds = 86400;
inline constexpr double kMaxSloMs = 86400000;

// Turns of one conversation, and requests sharing one prompt prefix.
inline constexpr int kMaxTurns = 100;
inline constexpr int kMaxPrefixGroup = 100000;

// Rate levels a sweep may place between its sequential and saturated ends.
inline constexpr int kMaxSweepPoints = 20;

// Filler words prompt synthesis may put in one prompt while calibrating:
// twice the largest ISL (a tokenizer never needs more than one word per
// token of these common words, let alone two).
inline constexpr int64_t kMaxPromptWords = 2 * kMaxCaseTokens + 64;

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_LIMITS_H_
