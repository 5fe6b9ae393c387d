// Prefix-cache counters from a /metrics body.
#include "bench/facts/metrics/prefix_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

TEST(PrefixCacheTest, CountersAreSummedOverEngines) {
  auto counters = ReadPrefixCacheCounters(
      "vllm:prefix_cache_queries_total{engine=\"0\"} 1000\n"
      "vllm:prefix_cache_queries_total{engine=\"1\"} 500\n"
      "vllm:prefix_cache_hits_total{engine=\"0\"} 300\n"
      "vllm:prefix_cache_hits_total{engine=\"1\"} 200\n");
  ASSERT_TRUE(counters.has_value());
  EXPECT_EQ(counters->queries, 1500);
  EXPECT_EQ(counters->hits, 500);
}

TEST(PrefixCacheTest, AServerWithoutThemHasNoCounters) {
  EXPECT_FALSE(
      ReadPrefixCacheCounters("vllm:num_requests_running{engine=\"0\"} 3\n")
          .has_value());
  EXPECT_FALSE(ReadPrefixCacheCounters("vllm:prefix_cache_queries_total 10\n")
                   .has_value());
}

TEST(PrefixCacheTest, TheHitRateOverAnInterval) {
  EXPECT_EQ(PrefixCacheHitRatePct({1000, 100}, {3000, 1100}), 50);
  EXPECT_EQ(PrefixCacheHitRatePct({1000, 100}, {1000, 100}), std::nullopt);
  // A restart (counters backwards) says nothing about the interval.
  EXPECT_EQ(PrefixCacheHitRatePct({1000, 100}, {10, 1}), std::nullopt);
}

}  // namespace
}  // namespace servebench
