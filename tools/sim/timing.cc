// Implements the timing model documented in timing.h.
#include "tools/sim/timing.h"

#include <algorithm>
#include <cmath>

#include "tools/sim/seeded_random.h"

namespace servebench::sim {
namespace {

Duration ToDuration(double ns) {
  return Duration(static_cast<int64_t>(std::llround(std::max(ns, 0.0))));
}

}  // namespace

TimingModel::TimingModel(const SimConfig& config)
    : ttft_base_ns_(config.ttft_base_ms * 1e6),
      prefill_ns_per_token_(config.prefill_us_per_token * 1e3),
      tpot_ns_(config.tpot_ms * 1e6),
      jitter_fraction_(std::clamp(config.jitter_pct, 0.0, 100.0) / 100.0) {}

double TimingModel::JitterFactor(int64_t index, uint64_t stream_seed) const {
  if (jitter_fraction_ == 0) return 1.0;
  double u =
      UnitInterval(HashCombine(stream_seed, static_cast<uint64_t>(index)));
  return 1.0 + jitter_fraction_ * (2.0 * u - 1.0);
}

Duration TimingModel::FirstTokenDelay(int64_t prompt_tokens,
                                      uint64_t stream_seed) const {
  double ns = ttft_base_ns_ + prefill_ns_per_token_ * prompt_tokens;
  return ToDuration(ns * JitterFactor(0, stream_seed));
}

Duration TimingModel::InterTokenGap(int64_t index, uint64_t stream_seed,
                                    double tpot_scale) const {
  return ToDuration(tpot_ns_ * tpot_scale * JitterFactor(index, stream_seed));
}

std::vector<Duration> TimingModel::TokenOffsets(int64_t prompt_tokens,
                                                int64_t output_tokens,
                                                uint64_t stream_seed,
                                                double tpot_scale) const {
  std::vector<Duration> offsets;
  if (output_tokens <= 0) return offsets;
  offsets.reserve(output_tokens);
  offsets.push_back(FirstTokenDelay(prompt_tokens, stream_seed));
  for (int64_t i = 1; i < output_tokens; ++i) {
    offsets.push_back(offsets.back() +
                      InterTokenGap(i, stream_seed, tpot_scale));
  }
  return offsets;
}

}  // namespace servebench::sim
