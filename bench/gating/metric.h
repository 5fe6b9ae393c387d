// The gated metrics, their units and directions, and tolerances.
//
// Higher is better for decode_tps, e2e_tps, kv_cache_gib, kv_cache_tokens;
// lower is better for the rest: ttft_ms, tpot_ms, model_memory_gib, the
// server's own clock (server_ttft_ms, server_tpot_ms), the client's overheads
// over it (ttft_overhead_ms, tpot_client_server_pct) and the GPUs' power,
// energy and memory (gpu_power_w_avg, gpu_power_w_max, gpu_energy_j,
// energy_per_output_token_j, gpu_memory_used_gib_max). A tolerance is
// relative ("5%": a fraction of the baseline) or absolute ("2 ms", "0.5 GiB",
// "3 tok/s", "1000 tokens", "10 W", "0.01 J/token", "1 pp": in the metric's
// own unit; the unit written must be the metric's). tpot_client_server_pct
// is itself a percentage: its unit is "pp" (percentage points), so "1 pp"
// allows one point more than the baseline where "1%" would allow a
// hundredth of it.
#ifndef SERVEBENCH_BENCH_METRIC_H_
#define SERVEBENCH_BENCH_METRIC_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/result.h"

namespace servebench {

enum class Metric {
  kTtftMs,
  kTpotMs,
  kDecodeTps,
  kE2eTps,
  kServerTtftMs,
  kServerTpotMs,
  kTtftOverheadMs,
  kTpotClientServerPct,
  kGpuPowerWAvg,
  kGpuPowerWMax,
  kGpuEnergyJ,
  kEnergyPerOutputTokenJ,
  kGpuMemoryUsedGibMax,
  kModelMemoryGib,
  kKvCacheGib,
  kKvCacheTokens,
  // Load levels (LoadMetrics()).
  kOutputTps,
  kRequestTps,
  kPerUserTps,
  kGoodputRps,
  kTtftP50Ms,
  kTtftP99Ms,
  kTpotP50Ms,
  kTpotP99Ms,
  kKneeRps,
};

struct MetricInfo {
  Metric metric;
  const char* name;  // "decode_tps": property, TOML and JSON key
  const char* unit;  // "tok/s", "ms", "GiB", "tokens", "W", "J", ...
  bool higher_is_better;
  bool per_case;  // measured per case (else a server-wide memory fact)
  // Measured per request (each run a sample), else once per case (the
  // server's clock, the GPUs) or per server.
  bool per_run = false;
  // A difference that may be below 0 (the client's figure minus the
  // server's); every other figure is at least 0.
  bool can_be_negative = false;
};

// In a fixed order: the per-case figures first, then the memory facts.
const std::vector<MetricInfo>& AllMetrics();
const MetricInfo& Info(Metric metric);
std::optional<Metric> MetricByName(std::string_view name);

// The figures of a load level ([[load]] in baselines), apart from
// AllMetrics(): higher is better for output_tps, request_tps, per_user_tps,
// goodput_rps and knee_rps; lower for the TTFT and TPOT percentiles.
const std::vector<MetricInfo>& LoadMetrics();
std::optional<Metric> LoadMetricByName(std::string_view name);

struct Tolerance {
  enum class Kind { kRelative, kAbsolute };
  Kind kind = Kind::kRelative;
  double value =
      0;  // relative: a fraction (0.05 for 5%); absolute: metric units

  // The worst acceptable value given a baseline: baseline minus the allowance
  // for higher-is-better metrics, plus it for lower-is-better ones.
  double Threshold(double baseline, const MetricInfo& info) const;
  // "5%" or "2 ms", as a user writes it.
  std::string ToString(const MetricInfo& info) const;
};

// Parses "5%", "0.5 %", "2 ms", "2ms", "0.5 GiB", "3 tok/s", "1000 tokens".
// Fails with a sentence naming the text and what was expected, e.g. a unit
// that is not the metric's ("2 GiB" for ttft_ms) or a negative value.
Result<Tolerance> ParseTolerance(std::string_view text, const MetricInfo& info);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_METRIC_H_
