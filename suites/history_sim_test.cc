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

// One run of `suite` on SimAt(tpot_ms, seed) with `extra` settings, kept in
// sim_history/<name>.
SuiteRunOutput RunSimAt(int tpot_ms, int seed, const std::string& suite,
                        const EnvOverrides& extra, const std::string& name) {
  EnvOverrides env = SimAt(tpot_ms, seed, suite);
  for (const auto& [key, value] : extra) env[key] = value;
  SuiteRunOutput out;
  const std::string dir = test::TempDir("sim_history/" + name);
  out.exit_code = RunCoreSuite(dir, env, 120);
  ReadSuiteRunOutput(dir, out);
  return out;
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
      // The suite appends to the history itself, with its labels.
      EnvOverrides env = SimAt(tpot, run, *suite_);
      env["BENCH_HISTORY"] = *db_;
      env["BENCH_LABELS"] = "sim_tpot_ms=" + std::to_string(tpot);
      const int code = RunCoreSuite(dir, env, 120);
      if (code != 0) {
        *log_ += "run " + std::to_string(run) + " exited " +
                 std::to_string(code) + ": " +
                 test::ReadFileOrEmpty(dir + "/stderr.txt");
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
  // No tolerance under 10%: the five runs were measured close together, and
  // a figure without an interval (the server's own TTFT, a mean over the
  // case) moved 3.3% against its 3% when a busy machine made the simulator
  // late. The slower run below (TPOT +33%) fails all the same.
  const Outcome proposed =
      History({"propose-baseline", "--db", *db_, "--out", baseline, "--label",
               "sim_tpot_ms=6", "--min-tolerance-pct", "10"});
  ASSERT_EQ(proposed.status, kExitOk) << proposed.err;
  EXPECT_THAT(proposed.out, HasSubstr("from runs 8, 9, 10, 11, 12: 1 cases"));
  test::KeepOutput("proposed.toml", test::ReadFileOrEmpty(baseline));

  // The same simulator must not regress against its proposal. On a shared
  // machine a neighbour's build can leave a TTFT verdict unclear after
  // BENCH_MAX_RUNS (spikes of 2x in single runs); unclear is not a
  // regression, so it passes here, and a real one (below) still fails.
  const EnvOverrides gated = {{"BENCH_BASELINE", baseline},
                              {"BENCH_INCONCLUSIVE", "pass"}};
  const SuiteRunOutput passed = RunSimAt(6, 100, *suite_, gated, "gated");
  EXPECT_EQ(passed.exit_code, 0)
      << passed.FailureMessage("Measure/Isl128Osl64") << passed.stderr_text;
  // It was gated against the proposal, not merely measured.
  const auto properties = Properties(passed.Case("Measure/Isl128Osl64"));
  ASSERT_TRUE(properties.count("tpot_ms_baseline")) << passed.stdout_text;
  EXPECT_NEAR(std::stod(properties.at("tpot_ms_baseline")), 6.0, 0.3);

  const SuiteRunOutput failed = RunSimAt(8, 101, *suite_, gated, "slower");
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_THAT(failed.FailureMessage("Measure/Isl128Osl64"),
              HasSubstr("tpot_ms"));
}

// history_gate_runs = 5: the last five comparable runs (TPOT 6, labels
// sim_tpot_ms=6) are the reference, so a run that drifts to TPOT 8 under the
// same labels fails although no baseline file is set; one at TPOT 6 passes.
TEST_F(SimHistoryTest, HistoryGatingCatchesADriftWithoutABaselineFile) {
  ASSERT_EQ(imported_, kRuns) << *log_;
  const std::string suite =
      WriteSuite(*root_, {{128, 64}}, "gated.toml",
                 // At least 10%, as for the proposed baseline above: a figure
                 // without an interval moves a few percent on a busy machine.
                 "history_gate_runs = 5\nhistory_min_tolerance_pct = 10\n");
  const auto run_at = [&](int tpot, int seed, const std::string& name) {
    NextSecond();
    // An unclear verdict passes, as in AProposedBaselineGatesTheSuite: a
    // neighbour's build can blur a single run; the drift below is clear.
    return RunSimAt(tpot, seed, suite,
                    {{"BENCH_HISTORY", *db_},
                     {"BENCH_LABELS", "sim_tpot_ms=6"},
                     {"BENCH_INCONCLUSIVE", "pass"}},
                    name);
  };
  const SuiteRunOutput same = run_at(6, 200, "history_same");
  EXPECT_EQ(same.exit_code, 0)
      << same.FailureMessage("Measure/Isl128Osl64") << same.stderr_text;
  auto properties = Properties(same.Case("Measure/Isl128Osl64"));
  ASSERT_TRUE(properties.count("history_verdict")) << same.stderr_text;
  EXPECT_NE(properties["history_verdict"], "regression") << same.stderr_text;
  ASSERT_TRUE(properties.count("history_tpot_ms_baseline"));
  EXPECT_NEAR(std::stod(properties["history_tpot_ms_baseline"]), 6.0, 0.3);

  const SuiteRunOutput drifted = run_at(8, 201, "history_drift");
  EXPECT_EQ(drifted.exit_code, 1);
  const std::string why = drifted.FailureMessage("Measure/Isl128Osl64");
  EXPECT_THAT(why, HasSubstr("tpot_ms"));
  EXPECT_THAT(why, HasSubstr("history (the median of runs"));
  EXPECT_THAT(why, HasSubstr("(allowed: 10%)"));  // history_min_tolerance_pct
}

// Two suites appending to one history file at the same time lose nothing.
TEST(HistoryWritersTest, TwoSuitesAtOnceLoseNothing) {
  const std::string root = test::TempDir("two_writers");
  const std::string db = root + "/history.db";
  const std::string suite = WriteSuite(root, {{64, 16}, {128, 16}, {32, 8}});
  std::vector<Subprocess> running;
  for (int i = 0; i < 2; ++i) {
    EnvOverrides env = SimAt(4, 300 + i, suite);
    env["BENCH_HISTORY"] = db;
    env["BENCH_LABELS"] = "writer=" + std::to_string(i);
    auto started =
        StartCoreSuite(test::TempDir("two_writers/w" + std::to_string(i)), env);
    ASSERT_TRUE(started.ok()) << started.error();
    running.push_back(std::move(*started));
  }
  for (Subprocess& p : running) EXPECT_EQ(p.Wait(), 0);
  const Outcome listed = History({"list", "--db", db});
  ASSERT_EQ(listed.status, kExitOk) << listed.err;
  for (const char* label : {"writer=0", "writer=1"}) {
    EXPECT_THAT(listed.out, HasSubstr(label)) << listed.out;
  }
  for (const char* name : {"Isl64Osl16", "Isl128Osl16", "Isl32Osl8"}) {
    const Outcome trend =
        History({"trend", "--db", db, "--case", name, "--metric", "ttft_ms"});
    ASSERT_EQ(trend.status, kExitOk) << trend.err;
    EXPECT_THAT(trend.out, HasSubstr("writer=0")) << trend.out;
    EXPECT_THAT(trend.out, HasSubstr("writer=1")) << trend.out;
  }
}

}  // namespace
}  // namespace servebench::history_tool
