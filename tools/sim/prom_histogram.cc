// Bucketing and text exposition of PromHistogram.
#include "tools/sim/prom_histogram.h"

#include <algorithm>

#include "tools/sim/prom_float.h"

namespace servebench::sim {

PromHistogram::PromHistogram(std::span<const double> bounds_s)
    : bounds_s_(bounds_s.begin(), bounds_s.end()),
      counts_(bounds_s.size() + 1, 0) {}

namespace {

// The first bucket whose bound is >= seconds (prometheus_client's rule:
// value <= upper bound), or bounds.size() for +Inf.
size_t BucketFor(const std::vector<double>& bounds, double seconds) {
  return static_cast<size_t>(
      std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
}

}  // namespace

void PromHistogram::Observe(int64_t ns) {
  ns = std::max<int64_t>(ns, 0);
  ++counts_[BucketFor(bounds_s_, static_cast<double>(ns) / 1e9)];
  ++count_;
  sum_ns_ += ns;
}

void PromHistogram::ObserveSpread(int64_t interval_ns, int64_t count) {
  if (count < 1) return;
  interval_ns = std::max<int64_t>(interval_ns, 0);
  const double each_s =
      static_cast<double>(interval_ns) / 1e9 / static_cast<double>(count);
  counts_[BucketFor(bounds_s_, each_s)] += count;
  count_ += count;
  sum_ns_ += interval_ns;
}

int64_t PromHistogram::cumulative(size_t i) const {
  int64_t total = 0;
  for (size_t j = 0; j <= i && j < counts_.size(); ++j) total += counts_[j];
  return total;
}

void PromHistogram::Render(std::string& out, std::string_view name,
                           std::string_view help,
                           std::string_view labels) const {
  const std::string prefix(labels.empty() ? "" : std::string(labels) + ",");
  const std::string braces =
      labels.empty() ? "" : "{" + std::string(labels) + "}";
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" histogram\n");
  int64_t running = 0;
  for (size_t i = 0; i < bounds_s_.size(); ++i) {
    running += counts_[i];
    out.append(name).append("_bucket{").append(prefix).append("le=\"");
    out.append(PromFloat(bounds_s_[i])).append("\"} ");
    out.append(PromFloat(static_cast<double>(running))).append("\n");
  }
  out.append(name).append("_bucket{").append(prefix).append("le=\"+Inf\"} ");
  out.append(PromFloat(static_cast<double>(count_))).append("\n");
  out.append(name).append("_count").append(braces).append(" ");
  out.append(PromFloat(static_cast<double>(count_))).append("\n");
  out.append(name).append("_sum").append(braces).append(" ");
  out.append(PromFloat(static_cast<double>(sum_ns_) / 1e9)).append("\n");
}

}  // namespace servebench::sim
