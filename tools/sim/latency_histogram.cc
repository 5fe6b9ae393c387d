// Log-linear bucket arithmetic and percentiles of LatencyHistogram.
#include "tools/sim/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace servebench::sim {
namespace {

constexpr int64_t kLargestPrecise =
    (int64_t{1} << (LatencyHistogram::kMaxExponent + 1)) - 1;

}  // namespace

int LatencyHistogram::BucketOf(int64_t ns) {
  ns = std::clamp<int64_t>(ns, 0, kLargestPrecise);
  if (ns < kSubBuckets) return static_cast<int>(ns);
  const int exponent = 63 - std::countl_zero(static_cast<uint64_t>(ns));
  const int shift = exponent - kSubBucketBits;
  const int64_t sub = (ns >> shift) - kSubBuckets;  // in [0, kSubBuckets)
  return static_cast<int>(kSubBuckets + shift * kSubBuckets + sub);
}

int64_t LatencyHistogram::UpperEdge(int bucket) {
  if (bucket < kSubBuckets) return bucket;
  const int shift = static_cast<int>((bucket - kSubBuckets) / kSubBuckets);
  const int64_t sub = (bucket - kSubBuckets) % kSubBuckets + kSubBuckets;
  return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::Add(int64_t ns) {
  ns = std::max<int64_t>(ns, 0);
  ++counts_[BucketOf(ns)];
  ++count_;
  sum_ns_ += ns;
  max_ns_ = std::max(max_ns_, ns);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ns_ += other.sum_ns_;
  max_ns_ = std::max(max_ns_, other.max_ns_);
}

void LatencyHistogram::Clear() { *this = LatencyHistogram(); }

double LatencyHistogram::mean_ns() const {
  return count_ == 0 ? 0 : static_cast<double>(sum_ns_) / count_;
}

int64_t LatencyHistogram::Quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const int64_t rank = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(q * static_cast<double>(count_))));
  int64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(UpperEdge(i), max_ns_);
  }
  return max_ns_;
}

}  // namespace servebench::sim
