// Implements the speculative decoding model documented in spec_decode.h.
#include "tools/sim/spec_decode.h"

#include <algorithm>

#include "tools/sim/seeded_random.h"

namespace servebench::sim {

std::vector<int64_t> SpecStepSizes(int64_t total_tokens, int draft_tokens,
                                   double acceptance, uint64_t seed) {
  std::vector<int64_t> steps;
  int64_t left = total_tokens;
  for (uint64_t step = 0; left > 0; ++step) {
    int64_t accepted = 0;
    const uint64_t step_seed = HashCombine(seed, step);
    while (accepted < draft_tokens &&
           UnitInterval(HashCombine(
               step_seed, static_cast<uint64_t>(accepted))) < acceptance) {
      ++accepted;
    }
    const int64_t size = std::min<int64_t>(left, 1 + accepted);
    steps.push_back(size);
    left -= size;
  }
  return steps;
}

void SpecStats::Add(const SpecStats& other) {
  drafts += other.drafts;
  draft_tokens += other.draft_tokens;
  accepted += other.accepted;
  if (accepted_per_position.size() < other.accepted_per_position.size()) {
    accepted_per_position.resize(other.accepted_per_position.size());
  }
  for (size_t i = 0; i < other.accepted_per_position.size(); ++i) {
    accepted_per_position[i] += other.accepted_per_position[i];
  }
}

SpecStats SpecStatsFor(const std::vector<int64_t>& steps, int draft_tokens) {
  SpecStats stats;
  stats.accepted_per_position.assign(std::max(draft_tokens, 0), 0);
  if (draft_tokens <= 0) return stats;
  for (int64_t size : steps) {
    ++stats.drafts;
    stats.draft_tokens += draft_tokens;
    const int64_t accepted = size - 1;
    stats.accepted += accepted;
    for (int64_t j = 0; j < accepted && j < draft_tokens; ++j) {
      ++stats.accepted_per_position[j];
    }
  }
  return stats;
}

}  // namespace servebench::sim
