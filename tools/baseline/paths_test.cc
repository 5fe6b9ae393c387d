// Paths under `bazel run`: relative to the shell's directory, names to the
// workspace's baselines/.
#include "tools/baseline/paths.h"

#include <gtest/gtest.h>

namespace servebench::baseline_tool {
namespace {

const ToolEnv kBazelRun{"/home/me/work", "/home/me/servebench"};

TEST(ResolveBaselinePath, TurnsANameIntoTheWorkspacesBaselineFile) {
  EXPECT_EQ(ResolveBaselinePath("v22_marlin", kBazelRun),
            "/home/me/servebench/baselines/v22_marlin.toml");
  EXPECT_EQ(ResolveBaselinePath("sim", ToolEnv{}), "baselines/sim.toml");
}

TEST(ResolveBaselinePath, TakesPathsAsPaths) {
  EXPECT_EQ(ResolveBaselinePath("mine.toml", kBazelRun),
            "/home/me/work/mine.toml");
  EXPECT_EQ(ResolveBaselinePath("out/mine", kBazelRun),
            "/home/me/work/out/mine");
  EXPECT_EQ(ResolveBaselinePath("/tmp/b.toml", kBazelRun), "/tmp/b.toml");
  EXPECT_EQ(ResolveBaselinePath("mine.toml", ToolEnv{}), "mine.toml");
}

TEST(ResolveInputPath, JoinsRelativePathsToTheWorkingDirectory) {
  EXPECT_EQ(ResolveInputPath("bazel-testlogs/suites/core/test.xml", kBazelRun),
            "/home/me/work/bazel-testlogs/suites/core/test.xml");
  EXPECT_EQ(ResolveInputPath("/abs/test.xml", kBazelRun), "/abs/test.xml");
  EXPECT_EQ(ResolveInputPath("test.xml", ToolEnv{"/w/", ""}), "/w/test.xml");
  EXPECT_EQ(ResolveInputPath("test.xml", ToolEnv{}), "test.xml");
}

}  // namespace
}  // namespace servebench::baseline_tool
