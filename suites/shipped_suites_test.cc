// The suite files this repository ships load and hold the seed's matrix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/config/suite_spec.h"

namespace servebench {
namespace {

TEST(ShippedSuitesTest, MatchTheSeedMatrix) {
  auto core = LoadSuiteSpec("suites/core.toml");
  ASSERT_TRUE(core.ok()) << core.error();
  EXPECT_EQ(core->warmup_runs, 2);
  EXPECT_EQ(core->runs, 3);
  std::vector<std::string> names;
  for (const auto& c : core->cases) names.push_back(c.Name());
  EXPECT_THAT(names, testing::ElementsAre("Isl128Osl128", "Isl256Osl256",
                                          "Isl1024Osl1024", "Isl1024Osl128",
                                          "Isl128Osl1024"));

  auto extended = LoadSuiteSpec("suites/extended.toml");
  ASSERT_TRUE(extended.ok()) << extended.error();
  ASSERT_EQ(extended->cases.size(), 11u);
  EXPECT_EQ(extended->cases.back().Name(), "Isl256Osl65536");
  EXPECT_EQ(extended->cases.back().category, "decode-heavy");
  EXPECT_EQ(extended->cases.back().label, "64k decode stress");
}

TEST(ShippedSuitesTest, EveryShippedSuiteLoads) {
  for (const char* path : {"suites/core.toml", "suites/extended.toml",
                           "suites/concurrency.toml"}) {
    auto suite = LoadSuiteSpec(path);
    EXPECT_TRUE(suite.ok()) << suite.error();
  }
}

}  // namespace
}  // namespace servebench
