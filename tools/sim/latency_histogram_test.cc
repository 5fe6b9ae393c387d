// Tests the log-linear buckets, their error bound and the percentiles.
#include "tools/sim/latency_histogram.h"

#include <cstdint>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  for (int64_t v = 0; v < 128; ++v) {
    EXPECT_EQ(LatencyHistogram::BucketOf(v), v);
    EXPECT_EQ(LatencyHistogram::UpperEdge(static_cast<int>(v)), v);
  }
}

TEST(LatencyHistogramTest, BucketsAreMonotonicAndWithinOneIn128) {
  std::mt19937_64 random(7);
  int previous = -1;
  for (int64_t v = 0; v < (int64_t{1} << 38);
       v = v < 1000 ? v + 1 : v + v / 97) {
    const int bucket = LatencyHistogram::BucketOf(v);
    EXPECT_GE(bucket, previous) << v;
    previous = bucket;
    const int64_t upper = LatencyHistogram::UpperEdge(bucket);
    ASSERT_GE(upper, v);
    EXPECT_LE(static_cast<double>(upper - v), static_cast<double>(v) / 128)
        << v;
  }
  EXPECT_EQ(LatencyHistogram::BucketOf(int64_t{1} << 50),
            LatencyHistogram::kBuckets - 1);
  EXPECT_EQ(LatencyHistogram::BucketOf(-5), 0);
}

TEST(LatencyHistogramTest, ExactCountsSumsAndMaxAndCloseQuantiles) {
  LatencyHistogram h;
  EXPECT_EQ(h.Quantile(0.5), 0);
  for (int64_t us = 1; us <= 1000; ++us) h.Add(us * 1000);
  EXPECT_EQ(h.count(), 1000);
  EXPECT_EQ(h.sum_ns(), 500500 * 1000);
  EXPECT_EQ(h.max_ns(), 1000000);
  EXPECT_DOUBLE_EQ(h.mean_ns(), 500500);
  // The true p50 is 500 us, p99 990 us, p99.9 999 us.
  for (auto [q, truth] : {std::pair{0.5, 500000}, std::pair{0.99, 990000},
                          std::pair{0.999, 999000}}) {
    const int64_t got = h.Quantile(q);
    EXPECT_GE(got, truth) << q;
    EXPECT_LE(got, truth + truth / 128) << q;
  }
  EXPECT_EQ(h.Quantile(1.0), 1000000);
  EXPECT_EQ(h.Quantile(0.0),
            LatencyHistogram::UpperEdge(LatencyHistogram::BucketOf(1000)))
      << "the smallest sample's bucket";
  EXPECT_EQ(h.Quantile(0.0), 1003);
}

TEST(LatencyHistogramTest, MergeAndClear) {
  LatencyHistogram a, b;
  a.Add(10);
  b.Add(3'000'000);
  b.Add(-4);  // counts as 0
  a.Merge(b);
  EXPECT_EQ(a.count(), 3);
  EXPECT_EQ(a.sum_ns(), 3'000'010);
  EXPECT_EQ(a.max_ns(), 3'000'000);
  EXPECT_EQ(a.Quantile(0.3), 0);
  a.Clear();
  EXPECT_EQ(a.count(), 0);
  EXPECT_EQ(a.max_ns(), 0);
}

}  // namespace
}  // namespace servebench::sim
