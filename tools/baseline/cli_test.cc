// The command line end to end: exit codes, messages, files written or not.
#include "tools/baseline/cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <vector>

#include "bench/gating/baseline.h"
#include "bench/results/run_record.h"
#include "testing/files.h"
#include "tools/baseline/number_text.h"
#include "tools/baseline/test_files.h"

namespace servebench::baseline_tool {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

Ran Tool(std::vector<std::string> args, const RunDirectories& env = {}) {
  args.insert(args.begin(), "baseline");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out, err;
  Ran ran;
  ran.code = RunBaselineTool(static_cast<int>(argv.size()), argv.data(), env,
                             out, err);
  ran.out = out.str();
  ran.err = err.str();
  return ran;
}

// The last four whitespace-separated fields of the row for ISL/OSL.
std::vector<std::string> ShownFigures(const std::string& shown, int64_t isl,
                                      int64_t osl) {
  std::istringstream lines(shown);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<std::string> row;
    for (std::string f; fields >> f;) row.push_back(f);
    if (row.size() >= 6 && row[0] == std::to_string(isl) &&
        row[1] == std::to_string(osl)) {
      return std::vector<std::string>(row.end() - 4, row.end());
    }
  }
  return {};
}

TEST(BaselineTool, UpdateThenShowPrintsTheRunsFigures) {
  const std::string path = ScratchPath("fresh.toml");
  const std::string run = TestData("run_core.xml");
  const Ran update = Tool({"update", run, "--baseline", path});
  ASSERT_EQ(update.code, kExitOk) << update.err;
  EXPECT_THAT(update.out, StartsWith("created " + path + " from " + run));

  const Ran show = Tool({"show", path});
  ASSERT_EQ(show.code, kExitOk) << show.err;
  Result<RunRecord> record = LoadRunRecord(run);
  ASSERT_TRUE(record.ok()) << record.error();
  int rows = 0;
  for (const RunCase& c : record->cases) {
    if (c.status != "passed") continue;
    std::vector<std::string> expected;
    for (Metric metric : {Metric::kTtftMs, Metric::kTpotMs, Metric::kDecodeTps,
                          Metric::kE2eTps}) {
      expected.push_back(NumberText(c.means.at(metric)));
    }
    EXPECT_EQ(ShownFigures(show.out, c.isl, c.osl), expected) << c.name;
    ++rows;
  }
  EXPECT_EQ(rows, 4);
  EXPECT_THAT(ShownFigures(show.out, 1024, 1024), IsEmpty());  // skipped
}

TEST(BaselineTool, RefusalExitsOneAndLeavesTheFileByteIdentical) {
  const std::string path = ScratchCopy(TestData("existing.toml"));
  const std::string before = test::ReadFileOrEmpty(path);
  const Ran ran =
      Tool({"update", TestData("run_core_failed.xml"), "--baseline", path});
  EXPECT_EQ(ran.code, kExitFailed);
  EXPECT_THAT(ran.err, HasSubstr("refusing to update " + path));
  EXPECT_THAT(ran.err, HasSubstr("Isl128Osl1024 failed"));
  EXPECT_THAT(ran.err, HasSubstr("--force"));
  EXPECT_EQ(test::ReadFileOrEmpty(path), before);
  // Nothing half-written lies next to it either.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(path).parent_path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);

  const Ran forced = Tool({"update", TestData("run_core_failed.xml"),
                           "--baseline", path, "--force"});
  EXPECT_EQ(forced.code, kExitOk) << forced.err;
  EXPECT_NE(test::ReadFileOrEmpty(path), before);
}

TEST(BaselineTool, BadTomlNamesFileAndLineAndExitsOne) {
  const std::string path = ScratchCopy(TestData("broken.toml"));
  const std::string before = test::ReadFileOrEmpty(path);
  const Ran show = Tool({"show", path});
  EXPECT_EQ(show.code, kExitFailed);
  EXPECT_THAT(show.err, HasSubstr(path + ":5:"));
  const Ran update =
      Tool({"update", TestData("run_core.xml"), "--baseline", path});
  EXPECT_EQ(update.code, kExitFailed);
  EXPECT_THAT(update.err, HasSubstr(path + ":5:"));
  EXPECT_EQ(test::ReadFileOrEmpty(path), before);
}

TEST(BaselineTool, UsageErrorsExitTwo) {
  EXPECT_EQ(Tool({}).code, kExitUsage);
  EXPECT_EQ(Tool({"frobnicate"}).code, kExitUsage);
  EXPECT_EQ(Tool({"update", TestData("run_core.xml")}).code, kExitUsage);
  const Ran ran = Tool({"import", "x.json", "--out", ScratchPath("x.toml"),
                        "--kv-cache-gib", "lots"});
  EXPECT_EQ(ran.code, kExitUsage);
  EXPECT_THAT(ran.err, HasSubstr("--kv-cache-gib"));
  EXPECT_EQ(Tool({"--help"}).code, kExitOk);
}

TEST(BaselineTool, ImportWritesTheSeedsFiguresAndMemoryFacts) {
  const std::string path = ScratchPath("v22.toml");
  const Ran ran =
      Tool({"import", TestData("bench_v22_marlin_baseline.json"), "--out", path,
            "--model-memory-gib", "44.2", "--kv-cache-gib", "62.2",
            "--kv-cache-tokens", "1131008", "--gpu", "RTX PRO 6000 Blackwell",
            "--notes", "NVFP4 via Marlin W4A16 dequant"});
  ASSERT_EQ(ran.code, kExitOk) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("14 cases, suite unknown"));
  Result<Baseline> baseline = LoadBaseline(path);
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  EXPECT_EQ(baseline->server.at(Metric::kModelMemoryGib), 44.2);
  EXPECT_EQ(baseline->server.at(Metric::kKvCacheGib), 62.2);
  EXPECT_EQ(baseline->server.at(Metric::kKvCacheTokens), 1131008);
  EXPECT_EQ(baseline->context.gpu, "RTX PRO 6000 Blackwell");
  EXPECT_EQ(baseline->context.recorded_from, "bench_v22_marlin_baseline.json");
  EXPECT_EQ(baseline->FindCase(128, 128)->figures.at(Metric::kTpotMs), 21.39);

  // A second import would lose edits made since: it needs --force.
  const std::string before = test::ReadFileOrEmpty(path);
  const Ran again =
      Tool({"import", TestData("bench_v8_sparse_results.json"), "--out", path});
  EXPECT_EQ(again.code, kExitFailed);
  EXPECT_THAT(again.err, HasSubstr("--force"));
  EXPECT_EQ(test::ReadFileOrEmpty(path), before);
}

TEST(BaselineTool, ImportTakesOnlyTheMemoryFactsGiven) {
  const std::string path = ScratchPath("v8.toml");
  const Ran ran = Tool({"import", TestData("bench_v8_sparse_results.json"),
                        "--out", path, "--gpu-memory-utilization", "0.85"});
  ASSERT_EQ(ran.code, kExitOk) << ran.err;
  Result<Baseline> baseline = LoadBaseline(path);
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  EXPECT_EQ(baseline->context.gpu_memory_utilization, 0.85);
  EXPECT_EQ(baseline->server.count(Metric::kModelMemoryGib), 0);
  EXPECT_EQ(baseline->server.count(Metric::kKvCacheTokens), 0);
  EXPECT_EQ(Tool({"import", TestData("bench_v8_sparse_results.json"), "--out",
                  ScratchPath("v8b.toml"), "--gpu-memory-utilization", "1.5"})
                .code,
            kExitUsage);
}

TEST(BaselineTool, ReportsAnUnreadableRunByName) {
  const Ran ran = Tool(
      {"import", TestData("missing.json"), "--out", ScratchPath("m.toml")});
  EXPECT_EQ(ran.code, kExitFailed);
  EXPECT_THAT(ran.err, HasSubstr(TestData("missing.json")));
}

TEST(BaselineTool, ResolvesNamesAndPathsLikeBazelRun) {
  // As `bazel run` would: the workspace holds baselines/, the shell sits in
  // another directory with the run.
  const std::filesystem::path workspace =
      std::filesystem::path(ScratchPath("workspace"));
  const std::filesystem::path shell =
      std::filesystem::path(ScratchPath("shell"));
  std::filesystem::create_directories(workspace / "baselines");
  std::filesystem::create_directories(shell);
  std::filesystem::copy_file(TestData("run_core.xml"), shell / "test.xml");
  const RunDirectories env{shell.string(), workspace.string()};

  const Ran update = Tool({"update", "test.xml", "--baseline", "mine"}, env);
  ASSERT_EQ(update.code, kExitOk) << update.err;
  Result<Baseline> written =
      LoadBaseline((workspace / "baselines" / "mine.toml").string());
  ASSERT_TRUE(written.ok()) << written.error();
  EXPECT_EQ(written->context.recorded_from, "test.xml");  // as typed

  EXPECT_EQ(Tool({"show", "mine"}, env).code, kExitOk);
  const Ran copy = Tool({"update", "test.xml", "--baseline", "copy.toml"}, env);
  ASSERT_EQ(copy.code, kExitOk) << copy.err;
  EXPECT_TRUE(std::filesystem::exists(shell / "copy.toml"));
}

}  // namespace
}  // namespace servebench::baseline_tool
