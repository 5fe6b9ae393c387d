// End to end: a bad setting or suite file fails every case of the core suite
// with a message naming where the mistake is (file:line, the key, the value)
// before any completion request is sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "suites/suite_run_test_util.h"

namespace servebench {
namespace {

using testing::AllOf;
using testing::HasSubstr;
using testing::Not;

constexpr char kFastSim[] =
    "--ttft-base-ms 5 --prefill-us-per-token 10 --tpot-ms 1 "
    "--early-stop-fraction 0";
const std::vector<std::pair<int, int>> kPairs = {{128, 32}, {64, 16}};

std::string WriteText(const std::string& dir, const std::string& name,
                      const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// A baseline file in a folder of its own whose line 3 is a broken table
// header; returns its path.
std::string WriteBrokenBaseline(const std::string& folder) {
  return WriteText(test::TempDir(folder), "baseline.toml",
                   "[context]\nsuite = \"core\"\n[[case\n");
}

constexpr char kCase2[] =
    "[[case]]\nisl = 64\nosl = 16\ncategory = \"balanced\"\nlabel = \"b\"\n";

class BadConfigTest : public testing::Test {
 protected:
  // Runs the core suite (simulator on, unless `env` says otherwise) and
  // checks what every bad configuration must give: exit code 1, XML, every
  // case failed, no completion request sent. Returns the failure messages.
  std::string RunExpectingSetupFailure(const std::string& name,
                                       EnvOverrides env) {
    dir_ = test::TempDir(name);
    env.emplace("BENCH_SIM", "1");
    env.emplace("BENCH_SIM_FLAGS", kFastSim);
    if (!env.count("BENCH_SUITE_FILE")) {
      env["BENCH_SUITE_FILE"] = WriteSuite(dir_, kPairs, "good_suite.toml");
    }
    env.emplace("BENCH_WARMUP_RUNS", "1");
    env.emplace("BENCH_RUNS", "1");
    env.emplace("BENCH_READY_TIMEOUT", "10");
    out_.exit_code = RunCoreSuite(dir_, env, 60);
    ReadSuiteRunOutput(dir_, out_);
    EXPECT_EQ(out_.exit_code, 1) << out_.stderr_text;
    EXPECT_TRUE(out_.xml_ok) << out_.stderr_text;
    const int tests = out_.Suite().attribute("tests").as_int();
    EXPECT_GE(tests, 1);
    EXPECT_EQ(out_.Suite().attribute("failures").as_int(), tests)
        << "every case must fail";
    EXPECT_THAT(out_.Everything(), Not(HasSubstr("nknown exception")));
    EXPECT_THAT(out_.stderr_text, Not(HasSubstr("warm-up 1/")));
    EXPECT_THAT(out_.stderr_text, Not(HasSubstr("run 1/")));
    std::string messages;
    for (const auto& test : out_.Suite().children("testcase")) {
      messages +=
          std::string(test.child("failure").attribute("message").value()) +
          "\n";
    }
    return messages;
  }

  std::string SuiteFile(const std::string& name, const std::string& text) {
    dir_ = test::TempDir(name);
    return WriteText(dir_, "suite.toml", text);
  }

  std::string dir_;
  SuiteRunOutput out_;
};

TEST_F(BadConfigTest, MalformedSuiteTomlNamesFileAndLine) {
  const std::string path = SuiteFile(
      "malformed_suite", "[suite]\nname = \"core\"\n[[case]\nisl = 128\n");
  const std::string messages =
      RunExpectingSetupFailure("malformed_suite", {{"BENCH_SUITE_FILE", path}});
  EXPECT_THAT(messages, HasSubstr(path + ":3:"));
  EXPECT_TRUE(out_.Case("Measure/InvalidSuiteFile")) << out_.xml_text;
}

// A suite file with one mistake: the message names the file and line of
// the mistake and says what is wrong with it.
struct BadSuiteFile {
  const char* name;  // the test's name: ASCII letters and digits only
  std::string toml;
  int line;  // where the mistake is
  std::vector<std::string> says;
};

void PrintTo(const BadSuiteFile& file, std::ostream* os) { *os << file.name; }

class BadSuiteFileTest : public BadConfigTest,
                         public testing::WithParamInterface<BadSuiteFile> {};

TEST_P(BadSuiteFileTest, NamesFileLineAndTheMistake) {
  const BadSuiteFile& file = GetParam();
  const std::string path = SuiteFile(file.name, file.toml);
  const std::string messages =
      RunExpectingSetupFailure(file.name, {{"BENCH_SUITE_FILE", path}});
  EXPECT_THAT(messages,
              HasSubstr(path + ":" + std::to_string(file.line) + ":"));
  for (const std::string& words : file.says) {
    EXPECT_THAT(messages, HasSubstr(words));
  }
}

INSTANTIATE_TEST_SUITE_P(
    BadConfigTest, BadSuiteFileTest,
    testing::Values(
        BadSuiteFile{
            "UnknownKeySuggestsTheNearName",
            "[suite]\nname = \"core\"\n[[case]]\nisl = 128\nosll = 32\n"
            "category = \"balanced\"\nlabel = \"a\"\n",
            5,
            {"unknown key \"osll\"", "did you mean \"osl\"?"}},
        BadSuiteFile{
            "WrongTypeNamesKeyAndValue",
            "[suite]\nname = \"core\"\n[[case]]\nisl = \"128\"\nosl = 32\n"
            "category = \"balanced\"\nlabel = \"a\"\n",
            4,
            {"\"isl\"", "128", "whole number"}},
        BadSuiteFile{"ZeroIslIsRejected",
                     "[suite]\nname = \"core\"\n[[case]]\nisl = 0\nosl = 32\n"
                     "category = \"balanced\"\nlabel = \"a\"\n" +
                         std::string(kCase2),
                     4,
                     {"\"isl\"", "0", "at least 1"}},
        BadSuiteFile{"NegativeIslIsRejected",
                     "[suite]\nname = \"core\"\n[[case]]\nisl = -5\nosl = 32\n"
                     "category = \"balanced\"\nlabel = \"a\"\n",
                     4,
                     {"\"isl\"", "-5", "at least 1"}},
        BadSuiteFile{"EmptySuiteSaysToAddACase",
                     "[suite]\nname = \"core\"\n",
                     1,
                     {"no [[case]] entries"}}),
    [](const testing::TestParamInfo<BadSuiteFile>& info) {
      return std::string(info.param.name);
    });

TEST_F(BadConfigTest, BadUrlNamesTheVariableAndValue) {
  const std::string messages = RunExpectingSetupFailure(
      "bad_url", {{"BENCH_SIM", "0"}, {"BENCH_URL", "htp://127.0.0.1:8000"}});
  EXPECT_THAT(messages,
              HasSubstr("BENCH_URL=htp://127.0.0.1:8000 is not usable"));
}

TEST_F(BadConfigTest, UnknownEndpointListsTheKnownOnes) {
  const std::string messages =
      RunExpectingSetupFailure("bad_endpoint", {{"BENCH_ENDPOINT", "chats"}});
  EXPECT_THAT(messages,
              AllOf(HasSubstr("BENCH_ENDPOINT=chats is not usable"),
                    HasSubstr("\"chat\""), HasSubstr("\"completions\"")));
}

TEST_F(BadConfigTest, LogFileThatIsADirectoryCannotBeRead) {
  const std::string folder = test::TempDir("log_is_dir/folder");
  const std::string messages =
      RunExpectingSetupFailure("log_is_dir", {{"BENCH_LOG_FILE", folder}});
  EXPECT_THAT(messages, AllOf(HasSubstr("BENCH_LOG_FILE=" + folder),
                              HasSubstr("directory")));
}

TEST_F(BadConfigTest, MalformedBaselineNamesFileAndLine) {
  const std::string path = WriteBrokenBaseline("bad_baseline");
  const std::string messages =
      RunExpectingSetupFailure("bad_baseline", {{"BENCH_BASELINE", path}});
  EXPECT_THAT(messages, HasSubstr(path + ":3:"));
}

TEST_F(BadConfigTest, BadSimulatorFlagNamesBenchSimFlags) {
  const std::string messages = RunExpectingSetupFailure(
      "bad_sim_flag", {{"BENCH_SIM_FLAGS", "--fault nosuch"}});
  EXPECT_THAT(messages,
              AllOf(HasSubstr("the simulated server exited with code"),
                    HasSubstr("BENCH_SIM_FLAGS=\"--fault nosuch\"")));
}

// Regression test; it used to fail: the simulator's own complaint ("--fault:
// nosuch not in {none,refuse,...}") goes to the suite's stderr only; the
// failure message (observed: "the simulated server exited with code 105 before
// listening; check BENCH_SIM_FLAGS=\"--fault nosuch\" and its log
// .../sim_server.log") points at a log file that was never created. Expected:
// the message quotes the simulator's error.
TEST_F(BadConfigTest, BadSimulatorFlagQuotesTheSimulatorsError) {
  const std::string messages = RunExpectingSetupFailure(
      "bad_sim_flag_quoted", {{"BENCH_SIM_FLAGS", "--fault nosuch"}});
  EXPECT_THAT(messages, HasSubstr("nosuch not in {none,refuse"));
}

TEST_F(BadConfigTest, MissingSuiteFileSaysSo) {
  const std::string messages = RunExpectingSetupFailure(
      "missing_suite", {{"BENCH_SUITE_FILE", "/no/such/suite.toml"}});
  EXPECT_THAT(messages, HasSubstr("/no/such/suite.toml: cannot read"));
}

TEST_F(BadConfigTest, NonNumericRunsNamesTheVariable) {
  const std::string messages =
      RunExpectingSetupFailure("bad_runs", {{"BENCH_RUNS", "abc"}});
  EXPECT_THAT(messages, HasSubstr("BENCH_RUNS=abc is not usable: expected a "
                                  "whole number from 1 to 1000"));
}

TEST_F(BadConfigTest, UnknownModelListsTheServedOnes) {
  const std::string messages =
      RunExpectingSetupFailure("bad_model", {{"BENCH_MODEL", "nosuch-model"}});
  EXPECT_THAT(messages,
              AllOf(HasSubstr("BENCH_MODEL=nosuch-model is not served"),
                    HasSubstr("servebench/sim-llama-8b")));
}

// With the server down and a 600 s readiness wait, a mistake that needs no
// server is reported at once, not after the wait: the suite must end well
// inside the harness's 60 s limit.
class WithoutServerTest : public BadConfigTest {
 protected:
  std::string RunAgainstNothing(const std::string& name, EnvOverrides env) {
    env.emplace("BENCH_SIM", "0");
    env.emplace("BENCH_URL", "http://127.0.0.1:9");
    env.emplace("BENCH_READY_TIMEOUT", "600");
    return RunExpectingSetupFailure(name, env);
  }
};

TEST_F(WithoutServerTest, ABrokenBaselineIsReportedBeforeTheReadinessWait) {
  const std::string path = WriteBrokenBaseline("no_server_baseline");
  const std::string messages =
      RunAgainstNothing("no_server_baseline", {{"BENCH_BASELINE", path}});
  EXPECT_THAT(messages, HasSubstr(path + ":3:"));
  EXPECT_THAT(out_.stderr_text, Not(HasSubstr("waiting for")));
}

TEST_F(WithoutServerTest, AnUnwritableResultsFileIsReportedBeforeTheWait) {
  const std::string messages = RunAgainstNothing(
      "no_server_results",
      {{"BENCH_RESULTS_FILE", "/nonexistent-dir/results.json"}});
  EXPECT_THAT(messages, AllOf(HasSubstr("/nonexistent-dir/results.json"),
                              HasSubstr("BENCH_RESULTS_FILE")));
  EXPECT_THAT(out_.stderr_text, Not(HasSubstr("waiting for")));
}

TEST_F(WithoutServerTest, AnUnreadableLogFileIsReportedBeforeTheWait) {
  const std::string messages = RunAgainstNothing(
      "no_server_log", {{"BENCH_LOG_FILE", "/no/such/vllm.log"}});
  EXPECT_THAT(messages,
              HasSubstr("cannot read BENCH_LOG_FILE=/no/such/vllm.log"));
  EXPECT_THAT(out_.stderr_text, Not(HasSubstr("waiting for")));
}

}  // namespace
}  // namespace servebench
