// Bucketing and text exposition of PromHistogram.
#include "tools/sim/prom_histogram.h"

#include <algorithm>

#include "tools/sim/prom_text.h"

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
  std::vector<int64_t> cumulative(bounds_s_.size());
  int64_t running = 0;
  for (size_t i = 0; i < bounds_s_.size(); ++i) {
    running += counts_[i];
    cumulative[i] = running;
  }
  AppendHistogram(out, name, help, labels, bounds_s_, cumulative, count_,
                  static_cast<double>(sum_ns_) / 1e9);
}

}  // namespace servebench::sim
