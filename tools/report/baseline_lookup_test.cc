// Baseline names resolve like `bazel run` users expect, and a wrong one is
// told what there is. (Input paths: bench/base/run_paths_test.cc.)
#include "tools/report/baseline_lookup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench::report {
namespace {

using ::testing::HasSubstr;

const std::string kWorkspace = "tools/report/testdata";

TEST(ResolveBaselineTest, AnExistingPathWins) {
  auto path = ResolveBaseline(kWorkspace + "/baselines/sim_core.toml",
                              {"", "/nowhere"});
  ASSERT_TRUE(path.ok()) << path.error();
  EXPECT_EQ(*path, kWorkspace + "/baselines/sim_core.toml");
}

TEST(ResolveBaselineTest, NameFindsBaselinesToml) {
  auto path = ResolveBaseline("sim_core", {"", kWorkspace});
  ASSERT_TRUE(path.ok()) << path.error();
  EXPECT_EQ(*path, kWorkspace + "/baselines/sim_core.toml");
  auto with_extension =
      ResolveBaseline("sim_core.toml", {"/nowhere", kWorkspace});
  ASSERT_TRUE(with_extension.ok()) << with_extension.error();
  EXPECT_EQ(*with_extension, kWorkspace + "/baselines/sim_core.toml");
}

TEST(ResolveBaselineTest, UnknownNameListsTheAvailableBaselines) {
  auto path = ResolveBaseline("v99", {"", kWorkspace});
  ASSERT_FALSE(path.ok());
  EXPECT_THAT(path.error(), HasSubstr("unknown baseline \"v99\""));
  EXPECT_THAT(path.error(), HasSubstr("baselines/v99.toml"));
  EXPECT_THAT(path.error(),
              HasSubstr("available in " + kWorkspace + "/baselines: sim_core"));
}

TEST(ResolveBaselineTest, SaysWhenThereIsNoBaselinesFolder) {
  auto path = ResolveBaseline("v99", {"", "/nonexistent"});
  ASSERT_FALSE(path.ok());
  EXPECT_THAT(
      path.error(),
      HasSubstr("there is no baselines folder at /nonexistent/baselines"));
}

}  // namespace
}  // namespace servebench::report
