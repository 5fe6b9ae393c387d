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
                           "suites/concurrency.toml", "suites/load.toml"}) {
    auto suite = LoadSuiteSpec(path);
    EXPECT_TRUE(suite.ok()) << suite.error();
  }
}

TEST(ShippedSuitesTest, TheLoadSuiteHasRatesAndASweepOverTwoCorePairs) {
  auto load = LoadSuiteSpec("suites/load.toml");
  ASSERT_TRUE(load.ok()) << load.error();
  std::vector<std::string> names;
  for (const auto& c : load->cases) names.push_back(c.Name());
  EXPECT_THAT(names, testing::ElementsAre(
                         "Isl1024Osl128Rate2", "Isl1024Osl128Rate8",
                         "Isl1024Osl128Sweep", "Isl256Osl256Rate2",
                         "Isl256Osl256Rate8", "Isl256Osl256Sweep"));
  EXPECT_TRUE(load->cases[0].load.slo.any());
  // Its pairs are core pairs.
  auto core = LoadSuiteSpec("suites/core.toml");
  ASSERT_TRUE(core.ok());
  for (const auto& c : load->cases) {
    bool in_core = false;
    for (const auto& k : core->cases) {
      in_core |= k.isl == c.isl && k.osl == c.osl;
    }
    EXPECT_TRUE(in_core) << c.Name();
  }
}

}  // namespace
}  // namespace servebench
