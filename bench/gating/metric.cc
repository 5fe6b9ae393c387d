// The metric table and tolerance parsing.
#include "bench/gating/metric.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "bench/base/text_format.h"

namespace servebench {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

const std::vector<MetricInfo>& AllMetrics() {
  static const std::vector<MetricInfo> kMetrics = {
      {Metric::kTtftMs, "ttft_ms", "ms", false, true, true},
      {Metric::kTpotMs, "tpot_ms", "ms", false, true, true},
      {Metric::kDecodeTps, "decode_tps", "tok/s", true, true, true},
      {Metric::kE2eTps, "e2e_tps", "tok/s", true, true, true},
      {Metric::kServerTtftMs, "server_ttft_ms", "ms", false, true},
      {Metric::kServerTpotMs, "server_tpot_ms", "ms", false, true},
      {Metric::kTtftOverheadMs, "ttft_overhead_ms", "ms", false, true, false,
       true},
      {Metric::kTpotClientServerPct, "tpot_client_server_pct", "pp", false,
       true, false, true},
      {Metric::kGpuPowerWAvg, "gpu_power_w_avg", "W", false, true},
      {Metric::kGpuPowerWMax, "gpu_power_w_max", "W", false, true},
      {Metric::kGpuEnergyJ, "gpu_energy_j", "J", false, true},
      {Metric::kEnergyPerOutputTokenJ, "energy_per_output_token_j", "J/token",
       false, true},
      {Metric::kGpuMemoryUsedGibMax, "gpu_memory_used_gib_max", "GiB", false,
       true},
      {Metric::kModelMemoryGib, "model_memory_gib", "GiB", false, false},
      {Metric::kKvCacheGib, "kv_cache_gib", "GiB", true, false},
      {Metric::kKvCacheTokens, "kv_cache_tokens", "tokens", true, false},
  };
  return kMetrics;
}

const std::vector<MetricInfo>& LoadMetrics() {
  static const std::vector<MetricInfo> kMetrics = {
      {Metric::kOutputTps, "output_tps", "tok/s", true, true},
      {Metric::kRequestTps, "request_tps", "req/s", true, true},
      {Metric::kPerUserTps, "per_user_tps", "tok/s", true, true},
      {Metric::kGoodputRps, "goodput_rps", "req/s", true, true},
      {Metric::kTtftP50Ms, "ttft_ms_p50", "ms", false, true},
      {Metric::kTtftP99Ms, "ttft_ms_p99", "ms", false, true},
      {Metric::kTpotP50Ms, "tpot_ms_p50", "ms", false, true},
      {Metric::kTpotP99Ms, "tpot_ms_p99", "ms", false, true},
      {Metric::kKneeRps, "knee_rps", "req/s", true, true},
  };
  return kMetrics;
}

std::optional<Metric> LoadMetricByName(std::string_view name) {
  for (const auto& info : LoadMetrics()) {
    if (name == info.name) return info.metric;
  }
  return std::nullopt;
}

const MetricInfo& Info(Metric metric) {
  for (const auto& info : AllMetrics()) {
    if (info.metric == metric) return info;
  }
  for (const auto& info : LoadMetrics()) {
    if (info.metric == metric) return info;
  }
  return AllMetrics().front();  // unreachable: every enumerator is listed
}

std::optional<Metric> MetricByName(std::string_view name) {
  for (const auto& info : AllMetrics()) {
    if (name == info.name) return info.metric;
  }
  return std::nullopt;
}

double Tolerance::Threshold(double baseline, const MetricInfo& info) const {
  const double allowance =
      kind == Kind::kRelative ? std::fabs(baseline) * value : value;
  return info.higher_is_better ? baseline - allowance : baseline + allowance;
}

std::string Tolerance::ToString(const MetricInfo& info) const {
  if (kind == Kind::kRelative) return Compact(value * 100) + "%";
  return Compact(value) + " " + info.unit;
}

Result<Tolerance> ParseTolerance(std::string_view text,
                                 const MetricInfo& info) {
  const std::string shown(text);
  const std::string_view trimmed = Trim(text);
  double value = 0;
  auto [end, ec] =
      std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (ec != std::errc() || end == trimmed.data()) {
    return Error{"tolerance \"" + shown + "\" for " + info.name +
                 " is not a number with a unit: write e.g. \"5%\" or \"2 " +
                 info.unit + "\""};
  }
  if (!(value >= 0) || !std::isfinite(value)) {
    return Error{"tolerance \"" + shown + "\" for " + info.name +
                 " must be zero or more"};
  }
  const std::string_view unit =
      Trim(trimmed.substr(static_cast<size_t>(end - trimmed.data())));
  Tolerance tolerance;
  if (unit == "%") {
    tolerance.kind = Tolerance::Kind::kRelative;
    tolerance.value = value / 100;
    return tolerance;
  }
  if (unit == info.unit) {
    tolerance.kind = Tolerance::Kind::kAbsolute;
    tolerance.value = value;
    return tolerance;
  }
  return Error{"tolerance \"" + shown + "\" for " + info.name + " has unit \"" +
               std::string(unit) + "\": write a percentage (\"5%\") or " +
               info.unit + " (\"2 " + info.unit + "\")"};
}

}  // namespace servebench
