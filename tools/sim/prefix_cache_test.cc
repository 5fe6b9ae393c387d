// Tests block-granular prefix matching and the LRU capacity bound.
#include "tools/sim/prefix_cache.h"

#include <numeric>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

std::vector<int32_t> Ids(int count, int32_t first = 1) {
  std::vector<int32_t> ids(count);
  std::iota(ids.begin(), ids.end(), first);
  return ids;
}

TEST(PrefixCacheTest, FirstSightIsAMissThenFullBlocksHit) {
  PrefixCache cache(1000);
  const std::vector<int32_t> prompt = Ids(50);
  EXPECT_EQ(cache.LookupAndInsert(prompt), 0);
  EXPECT_EQ(cache.LookupAndInsert(prompt), 48);  // 3 full blocks of 16
  EXPECT_EQ(cache.cached_tokens(), 48);
}

TEST(PrefixCacheTest, SharedPrefixHitsOnlyWholeBlocks) {
  PrefixCache cache(1000);
  std::vector<int32_t> a = Ids(40);
  cache.LookupAndInsert(a);
  std::vector<int32_t> b = a;
  b[20] = 9999;  // differs inside the second block
  EXPECT_EQ(cache.LookupAndInsert(b), 16);
  std::vector<int32_t> c = a;
  c[0] = 9999;  // differs in the first block: nothing after it matches
  EXPECT_EQ(cache.LookupAndInsert(c), 0);
  std::vector<int32_t> longer = Ids(80);
  EXPECT_EQ(cache.LookupAndInsert(longer), 32);
}

TEST(PrefixCacheTest, ShortPromptsAreNeverCached) {
  PrefixCache cache(1000);
  EXPECT_EQ(cache.LookupAndInsert(Ids(15)), 0);
  EXPECT_EQ(cache.LookupAndInsert(Ids(15)), 0);
  EXPECT_EQ(cache.cached_tokens(), 0);
}

TEST(PrefixCacheTest, CapacityIsBoundedAndLeastRecentlyUsedGoes) {
  PrefixCache cache(64);  // 4 blocks
  const std::vector<int32_t> a = Ids(32, 1);
  const std::vector<int32_t> b = Ids(32, 1000);
  const std::vector<int32_t> c = Ids(32, 2000);
  cache.LookupAndInsert(a);
  cache.LookupAndInsert(b);
  EXPECT_EQ(cache.cached_tokens(), 64);
  EXPECT_EQ(cache.LookupAndInsert(a), 32);  // a is now the most recent
  cache.LookupAndInsert(c);                 // evicts b
  EXPECT_EQ(cache.cached_tokens(), 64);
  EXPECT_EQ(cache.LookupAndInsert(a), 32);
  EXPECT_EQ(cache.LookupAndInsert(b), 0);
}

TEST(PrefixCacheTest, ZeroCapacityCachesNothing) {
  PrefixCache cache(0);
  cache.LookupAndInsert(Ids(64));
  EXPECT_EQ(cache.LookupAndInsert(Ids(64)), 0);
  EXPECT_EQ(cache.cached_tokens(), 0);
}

}  // namespace
}  // namespace servebench::sim
