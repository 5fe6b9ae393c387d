// MapEnv answers from its map only, as std::getenv would.
#include "bench/base/map_env.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench {
namespace {

TEST(MapEnvTest, SetNamesHaveTheirValuesAndOthersAreUnset) {
  const EnvLookup env = MapEnv({{"BENCH_PORT", "8888"}, {"EMPTY", ""}});
  EXPECT_STREQ(env("BENCH_PORT"), "8888");
  EXPECT_STREQ(env("EMPTY"), "");
  EXPECT_EQ(env("PATH"), nullptr);
  EXPECT_EQ(EnvValue(env, "EMPTY"), std::nullopt);
  EXPECT_EQ(EnvValue(env, "BENCH_PORT"), "8888");
}

}  // namespace
}  // namespace servebench
