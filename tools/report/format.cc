// Figure formatting shared by the markdown, findings and chart.
#include "tools/report/format.h"

#include <cmath>
#include <cstdio>

namespace servebench::report {

std::string FormatMetric(Metric metric, std::optional<double> value) {
  switch (metric) {
    case Metric::kTpotMs:
    case Metric::kServerTpotMs:
    case Metric::kTpotClientServerPct:
      return FixedOr(value, 2);
    case Metric::kEnergyPerOutputTokenJ:
      return FixedOr(value, 4);
    case Metric::kKvCacheTokens:
      return FixedOr(value, 0);
    default:
      return FixedOr(value, 1);
  }
}

std::string SignedPercent(double change_pct) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", std::fabs(change_pct));
  const std::string digits = buf;
  if (digits == "0.0") return "0.0%";
  return (change_pct < 0 ? "\u2212" : "+") + digits + "%";
}

std::optional<double> Find(const std::map<Metric, double>& figures,
                           Metric metric) {
  const auto it = figures.find(metric);
  if (it == figures.end()) return std::nullopt;
  return it->second;
}

std::string MemoryTitle(Metric metric) {
  switch (metric) {
    case Metric::kModelMemoryGib:
      return "Model memory (GiB)";
    case Metric::kKvCacheGib:
      return "Available KV cache (GiB)";
    case Metric::kKvCacheTokens:
      return "KV cache tokens";
    default:
      return Info(metric).name;
  }
}

}  // namespace servebench::report
