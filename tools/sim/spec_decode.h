// Speculative decoding (MTP / draft model) as the simulator models it, so a
// client's handling of multi-token chunks can be checked against a known
// truth.
//
// Each decode step takes one tpot interval. The drafter proposes K tokens;
// draft position j is accepted with probability P only if positions 0..j-1
// were, so a step yields 1 + a tokens (a in [0, K] accepted drafts plus the
// token the target model always produces). The last step is cut to what is
// left of the request's tokens, and the cut-off drafts count as rejected, so
// for every request: tokens = steps + accepted.
//
// Counters follow vLLM V1 (vllm:spec_decode_num_*): one draft of K tokens per
// step, accepted tokens per draft position.
#ifndef SERVEBENCH_TOOLS_SIM_SPEC_DECODE_H_
#define SERVEBENCH_TOOLS_SIM_SPEC_DECODE_H_

#include <cstdint>
#include <vector>

namespace servebench::sim {

// Tokens emitted by each decode step of a request generating `total_tokens`
// tokens; every entry is in [1, draft_tokens + 1] and they sum to
// total_tokens. With draft_tokens == 0 every step is one token. Acceptance
// draws are seeded by `seed` and the step index.
std::vector<int64_t> SpecStepSizes(int64_t total_tokens, int draft_tokens,
                                   double acceptance, uint64_t seed);

struct SpecStats {
  int64_t drafts = 0;        // decode steps that carried a draft
  int64_t draft_tokens = 0;  // drafts * K
  int64_t accepted = 0;      // accepted draft tokens
  std::vector<int64_t> accepted_per_position;  // size K

  void Add(const SpecStats& other);
};

// The counters for `steps` (from SpecStepSizes) with K = `draft_tokens`.
SpecStats SpecStatsFor(const std::vector<int64_t>& steps, int draft_tokens);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_SPEC_DECODE_H_
