// End to end: a history built from suite runs against the simulator at
// controlled settings. TPOT steps from 4 to 6 ms at the seventh run; the
// history must find that step at that run and nothing else in the TPOT
// series, and a baseline proposed from the runs after the step must pass the
// suite at the same settings (and fail it when TPOT rises again).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <sstream>
#include <thread>

#include "suites/suite_run_test_util.h"
#include "testing/files.h"
#include "tools/history/cli.h"

namespace servebench::history_tool {
namespace {

using ::testing::HasSubstr;

constexpr int kRuns = 12;
constexpr int kStepRun = 7;  // the first run at the new TPOT (1-based)

struct Outcome {
  int status;
  std::string out, err;
};

Outcome History(std::vector<std::string> args) {
  args.insert(args.begin(), "history");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int status =
      RunHistoryTool(static_cast<int>(argv.size()), argv.data(), {}, out, err);
  return {status, out.str(), err.str()};
}

// The simulator with seeded jitter (a different seed each run, so runs
// differ like real ones) and a fixed TPOT.
EnvOverrides SimAt(int tpot_ms, int seed, const std::string& suite) {
  return {{"BENCH_SIM", "1"},
          {"BENCH_SIM_FLAGS",
           "--ttft-base-ms 20 --prefill-us-per-token 10 "
           "--jitter-pct 5 --seed " +
               std::to_string(seed) + " --tpot-ms " + std::to_string(tpot_ms)},
          {"BENCH_SUITE_FILE", suite},
          {"BENCH_WARMUP_RUNS", "1"},
          {"BENCH_RUNS", "3"}};
}

// Runs start a second or more apart: the history tells runs apart by their
// start time (second resolution in the results file).
void NextSecond() {
  const std::time_t now = std::time(nullptr);
  while (std::time(nullptr) == now) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

class SimHistoryTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new std::string(test::TempDir("sim_history"));
    db_ = new std::string(*root_ + "/history.db");
    suite_ = new std::string(WriteSuite(*root_, {{128, 64}}));
    log_ = new std::string;
    for (int run = 1; run <= kRuns; ++run) {
      const int tpot = run < kStepRun ? 4 : 6;
      const std::string dir =
          test::TempDir("sim_history/run" + std::to_string(run));
      NextSecond();
      const int code = RunCoreSuite(dir, SimAt(tpot, run, *suite_), 120);
      if (code != 0) {
        *log_ += "run " + std::to_string(run) + " exited " +
                 std::to_string(code) + ": " +
                 test::ReadFileOrEmpty(dir + "/stderr.txt");
        return;
      }
      const Outcome imported = History({"import", "--db", *db_, "--labels",
                                        "sim_tpot_ms=" + std::to_string(tpot),
                                        dir + "/results.json"});
      *log_ += imported.out + imported.err;
      if (imported.status != 0 ||
          imported.out.find("imported") == std::string::npos) {
        return;
      }
      ++imported_;
    }
  }
  static std::string *root_, *db_, *suite_, *log_;
  static int imported_;
};
std::string *SimHistoryTest::root_, *SimHistoryTest::db_,
    *SimHistoryTest::suite_, *SimHistoryTest::log_;
int SimHistoryTest::imported_ = 0;

TEST_F(SimHistoryTest, ChangesFindsTheStepAtItsRunAndNothingElse) {
  ASSERT_EQ(imported_, kRuns) << *log_;
  for (const std::string metric : {"tpot_ms", "decode_tps"}) {
    const Outcome o = History(
        {"changes", "--db", *db_, "--case", "Isl128Osl64", "--metric", metric});
    ASSERT_EQ(o.status, kExitOk) << o.err;
    EXPECT_THAT(o.out, HasSubstr("1 change in 1 series over 12 runs"))
        << metric << ":\n"
        << o.out;
    EXPECT_THAT(o.out,
                HasSubstr("between run " + std::to_string(kStepRun - 1) + " ("))
        << o.out;
    EXPECT_THAT(o.out,
                HasSubstr(") and run " + std::to_string(kStepRun) + " ("))
        << o.out;
    EXPECT_THAT(o.out, HasSubstr("label sim_tpot_ms 4 \u2192 6")) << o.out;
    EXPECT_THAT(o.out, HasSubstr("worse")) << o.out;
  }
  const Outcome all = History({"changes", "--db", *db_});
  test::KeepOutput("changes.txt", all.out);
  test::KeepOutput("list.md", History({"list", "--db", *db_}).out);
  const Outcome tpot =
      History({"changes", "--db", *db_, "--metric", "tpot_ms"});
  // 4 ms to 6 ms is +50%; the measured step is within a few points of it.
  EXPECT_THAT(tpot.out,
              testing::ContainsRegex("tpot_ms: \\+(4[5-9]|5[0-5])\\."))
      << tpot.out;
}

TEST_F(SimHistoryTest, AProposedBaselineGatesTheSuite) {
  ASSERT_EQ(imported_, kRuns) << *log_;
  const std::string baseline = *root_ + "/proposed.toml";
  const Outcome proposed = History({"propose-baseline", "--db", *db_, "--out",
                                    baseline, "--label", "sim_tpot_ms=6"});
  ASSERT_EQ(proposed.status, kExitOk) << proposed.err;
  EXPECT_THAT(proposed.out, HasSubstr("from runs 8, 9, 10, 11, 12: 1 cases"));
  test::KeepOutput("proposed.toml", test::ReadFileOrEmpty(baseline));

  EnvOverrides same = SimAt(6, 100, *suite_);
  same["BENCH_BASELINE"] = baseline;
  SuiteRunOutput passed;
  const std::string dir = test::TempDir("sim_history/gated");
  passed.exit_code = RunCoreSuite(dir, same, 120);
  ReadSuiteRunOutput(dir, passed);
  EXPECT_EQ(passed.exit_code, 0)
      << passed.FailureMessage("Measure/Isl128Osl64") << passed.stderr_text;
  // It was gated against the proposal, not merely measured.
  const auto properties = Properties(passed.Case("Measure/Isl128Osl64"));
  ASSERT_TRUE(properties.count("tpot_ms_baseline")) << passed.stdout_text;
  EXPECT_NEAR(std::stod(properties.at("tpot_ms_baseline")), 6.0, 0.3);

  EnvOverrides slower = SimAt(8, 101, *suite_);
  slower["BENCH_BASELINE"] = baseline;
  SuiteRunOutput failed;
  const std::string slow_dir = test::TempDir("sim_history/slower");
  failed.exit_code = RunCoreSuite(slow_dir, slower, 120);
  ReadSuiteRunOutput(slow_dir, failed);
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_THAT(failed.FailureMessage("Measure/Isl128Osl64"),
              HasSubstr("tpot_ms"));
}

}  // namespace
}  // namespace servebench::history_tool
