// Paths under `bazel run`: relative to the shell's directory, baseline names
// to the workspace's baselines/; outside it, as typed.
#include "bench/base/run_paths.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace servebench {
namespace {

struct Case {
  std::string typed;
  std::string input_path;     // ResolveInputPath
  std::string baseline_path;  // ResolveBaselinePath
};

TEST(RunPathsTest, UnderBazelRun) {
  const RunDirectories dirs{"/home/me/work", "/home/me/servebench"};
  for (const Case& c : std::vector<Case>{
           {"v22_marlin", "/home/me/work/v22_marlin",
            "/home/me/servebench/baselines/v22_marlin.toml"},
           {"mine.toml", "/home/me/work/mine.toml", "/home/me/work/mine.toml"},
           {"out/mine", "/home/me/work/out/mine", "/home/me/work/out/mine"},
           {"/tmp/b.toml", "/tmp/b.toml", "/tmp/b.toml"},
           {"", "", ""},
       }) {
    EXPECT_EQ(ResolveInputPath(c.typed, dirs), c.input_path) << c.typed;
    EXPECT_EQ(ResolveBaselinePath(c.typed, dirs), c.baseline_path) << c.typed;
  }
  EXPECT_EQ(ResolveInputPath("test.xml", RunDirectories{"/w/", ""}),
            "/w/test.xml");
}

TEST(RunPathsTest, OutsideBazelRun) {
  const RunDirectories none;
  EXPECT_EQ(ResolveInputPath("test.xml", none), "test.xml");
  EXPECT_EQ(ResolveBaselinePath("sim", none), "baselines/sim.toml");
  EXPECT_EQ(ResolveBaselinePath("mine.toml", none), "mine.toml");
}

TEST(RunPathsTest, ReadsBazelsVariables) {
  setenv("BUILD_WORKING_DIRECTORY", "/from/shell", 1);
  setenv("BUILD_WORKSPACE_DIRECTORY", "/ws", 1);
  const RunDirectories dirs = RunDirectories::FromEnvironment();
  EXPECT_EQ(dirs.working_directory, "/from/shell");
  EXPECT_EQ(dirs.workspace_directory, "/ws");
  unsetenv("BUILD_WORKING_DIRECTORY");
  unsetenv("BUILD_WORKSPACE_DIRECTORY");
  EXPECT_EQ(RunDirectories::FromEnvironment().working_directory, "");
}

}  // namespace
}  // namespace servebench
