// A bounded, fine-grained histogram of durations in nanoseconds, for exact
// counts, sums and maxima and percentiles within 1/128 of the truth.
//
// Log-linear buckets, as HdrHistogram's: values below 128 ns have a bucket
// each; above, every power of two is cut into 128 equal buckets, so a bucket
// is never wider than 1/128 (0.78%) of the values in it. Values from
// 2^38 ns (about 275 s) up share the last bucket. 4096 counters, 32 KiB,
// whatever the number of samples.
//
// Not thread-safe: callers serialise access (lateness.h keeps one per
// thread).
#ifndef SERVEBENCH_TOOLS_SIM_LATENCY_HISTOGRAM_H_
#define SERVEBENCH_TOOLS_SIM_LATENCY_HISTOGRAM_H_

#include <array>
#include <cstdint>

namespace servebench::sim {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr int64_t kSubBuckets = int64_t{1} << kSubBucketBits;
  static constexpr int kMaxExponent = 37;  // values < 2^38 ns keep precision
  static constexpr int kBuckets =
      static_cast<int>(kSubBuckets * (kMaxExponent - kSubBucketBits + 2));

  // Records `ns` (negative values count as 0).
  void Add(int64_t ns);
  void Merge(const LatencyHistogram& other);
  void Clear();

  int64_t count() const { return count_; }
  int64_t sum_ns() const { return sum_ns_; }
  int64_t max_ns() const { return max_ns_; }
  double mean_ns() const;

  // The smallest bucket upper edge at or below which at least q * count
  // samples lie, capped at max_ns(): never below the true q-quantile and at
  // most 1/128 above it. 0 when empty; q is clamped to [0, 1].
  int64_t Quantile(double q) const;

  // Bucket arithmetic, exposed for tests.
  static int BucketOf(int64_t ns);
  static int64_t UpperEdge(int bucket);

 private:
  std::array<int64_t, kBuckets> counts_{};
  int64_t count_ = 0;
  int64_t sum_ns_ = 0;
  int64_t max_ns_ = 0;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_LATENCY_HISTOGRAM_H_
