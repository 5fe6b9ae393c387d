// When each generated token of a simulated request is due.
//
// The model is that of a lone request on a real server: prefill cost grows
// with the prompt, decode emits one token per fixed interval.
//   first token: ttft_base_ms + prefill_us_per_token * prompt_tokens / 1000
//   token i > 0: previous token + tpot_ms
// With jitter_pct = J each of those intervals is multiplied by a factor drawn
// uniformly from [1 - J/100, 1 + J/100], seeded per stream.
//
// Offsets are measured from the moment the request was fully read and are
// cumulative sums of planned intervals, never of actual send times: the
// server schedules against absolute deadlines, so a late wake-up does not
// delay the tokens after it.
#ifndef SERVEBENCH_TOOLS_SIM_TIMING_H_
#define SERVEBENCH_TOOLS_SIM_TIMING_H_

#include <chrono>
#include <cstdint>
#include <vector>

#include "tools/sim/config.h"

namespace servebench::sim {

using Duration = std::chrono::nanoseconds;

class TimingModel {
 public:
  explicit TimingModel(const SimConfig& config);

  // Time to first token, jittered by `stream_seed`.
  Duration FirstTokenDelay(int64_t prompt_tokens, uint64_t stream_seed) const;

  // Interval between token index-1 and token index (index >= 1), with
  // tpot_ms multiplied by `tpot_scale` (the batch slowdown, scheduler.h).
  Duration InterTokenGap(int64_t index, uint64_t stream_seed,
                         double tpot_scale = 1.0) const;

  // Offsets of tokens 0 .. output_tokens-1 from the request's admission
  // (its arrival, unless it waited in the scheduler's queue).
  std::vector<Duration> TokenOffsets(int64_t prompt_tokens,
                                     int64_t output_tokens,
                                     uint64_t stream_seed,
                                     double tpot_scale = 1.0) const;

 private:
  // Multiplier for the interval identified by `index` (0 = first token).
  double JitterFactor(int64_t index, uint64_t stream_seed) const;

  double ttft_base_ns_;
  double prefill_ns_per_token_;
  double tpot_ns_;
  double jitter_fraction_;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_TIMING_H_
