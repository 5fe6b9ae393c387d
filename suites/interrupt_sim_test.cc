// End to end: SIGTERM (what Bazel's test timeout and `docker stop` send) to
// a core suite run in the middle of its second case. The run must wind down
// within a few seconds, keep the finished case's figures in the results JSON
// and write JUnit XML where the rest are marked as interrupted.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "suites/suite_run_test_util.h"

namespace servebench {
namespace {

using testing::HasSubstr;
using testing::Not;

// Slow decode: each 64-token request takes about 1.3 s, so a case with two
// measured runs takes about 2.6 s and the run about 8 s.
constexpr char kSlowSim[] =
    "--ttft-base-ms 5 --prefill-us-per-token 10 --tpot-ms 20 "
    "--early-stop-fraction 0";
const std::vector<std::pair<int, int>> kPairs = {{128, 64}, {64, 64}, {96, 64}};

// Seconds the suite may take to exit after SIGTERM: the client checks for
// the signal about once a second.
constexpr double kGraceS = 5;

// Whether the results JSON lists a case of ISL/OSL with status "passed".
bool CaseFinished(const std::string& path, int isl, int osl) {
  SuiteRunOutput out;
  out.json_text = test::ReadFileOrEmpty(path);
  out.json.Parse(out.json_text.data(), out.json_text.size());
  if (out.json.HasParseError()) return false;
  const rapidjson::Value* r = out.Result(isl, osl);
  return r != nullptr && r->HasMember("status") && (*r)["status"].IsString() &&
         std::string((*r)["status"].GetString()) == "passed";
}

// Whether something accepts TCP connections on 127.0.0.1:port.
bool Listening(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok =
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

TEST(InterruptTest, SigtermKeepsFinishedCasesAndMarksTheRestInterrupted) {
  const std::string dir = test::TempDir("sigterm");
  auto process =
      StartCoreSuite(dir, {{"BENCH_SIM", "1"},
                           {"BENCH_SIM_FLAGS", kSlowSim},
                           {"BENCH_SUITE_FILE", WriteSuite(dir, kPairs)},
                           {"BENCH_WARMUP_RUNS", "0"},
                           {"BENCH_RUNS", "2"}});
  ASSERT_TRUE(process.ok()) << process.error();

  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!CaseFinished(dir + "/results.json", 128, 64)) {
    ASSERT_TRUE(process->Running())
        << "the suite ended before its first case finished:\n"
        << test::ReadFileOrEmpty(dir + "/stderr.txt");
    ASSERT_LT(std::chrono::steady_clock::now(), give_up)
        << "the first case did not finish within 60 s:\n"
        << test::ReadFileOrEmpty(dir + "/stderr.txt");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Into the second case's first request.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(process->Running());
  ASSERT_EQ(kill(process->pid(), SIGTERM), 0);
  const auto signalled = std::chrono::steady_clock::now();
  while (process->Running() && std::chrono::steady_clock::now() - signalled <
                                   std::chrono::duration<double>(kGraceS)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const bool exited_in_time = !process->Running();
  EXPECT_TRUE(exited_in_time)
      << "still running " << kGraceS << " s after SIGTERM:\n"
      << test::ReadFileOrEmpty(dir + "/stderr.txt");
  const int exit_code =
      exited_in_time ? process->Wait() : process->Terminate(1);
  // Interrupted cases fail the run, but it ends on its own (not by signal).
  EXPECT_EQ(exit_code, 1);

  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  EXPECT_THAT(out.Everything(), Not(HasSubstr("nknown exception")));
  ASSERT_TRUE(out.xml_ok) << "no JUnit XML after SIGTERM; stderr:\n"
                          << out.stderr_text;

  // The finished case: passed with its figures, in the XML and the JSON.
  const pugi::xml_node first = out.Case("Measure/Isl128Osl64");
  EXPECT_FALSE(first.child("failure"))
      << out.FailureMessage("Measure/Isl128Osl64");
  EXPECT_FALSE(first.child("skipped"));
  auto props = Properties(first);
  EXPECT_EQ(props["runs"], "2");
  EXPECT_THAT(props["tpot_ms"], testing::MatchesRegex("[0-9]+\\.[0-9]{3}"));
  const rapidjson::Value* r = out.Result(128, 64);
  ASSERT_NE(r, nullptr) << out.json_text;
  EXPECT_STREQ((*r)["status"].GetString(), "passed");
  EXPECT_EQ((*r)["runs"].Size(), 2u);
  EXPECT_TRUE((*r)["tpot_ms"]["avg"].IsNumber());

  // The case in flight fails and the one after is skipped, both saying why.
  EXPECT_THAT(out.FailureMessage("Measure/Isl64Osl64"),
              HasSubstr("interrupted by SIGTERM"));
  EXPECT_THAT(out.SkipMessage("Measure/Isl96Osl64"),
              HasSubstr("interrupted by SIGTERM"));
  for (const auto& [isl, osl] : {std::pair{64, 64}, std::pair{96, 64}}) {
    const rapidjson::Value* rest = out.Result(isl, osl);
    ASSERT_NE(rest, nullptr) << isl << "/" << osl << " not in the JSON";
    EXPECT_THAT(
        (*rest)["status"].GetString(),
        testing::AnyOf(testing::StrEq("failed"), testing::StrEq("skipped")));
    ASSERT_TRUE(rest->HasMember("error") && (*rest)["error"].IsString());
    EXPECT_THAT((*rest)["error"].GetString(), HasSubstr("interrupted"));
  }

  // The simulated server the suite started is stopped with it.
  std::smatch port;
  ASSERT_TRUE(std::regex_search(out.stderr_text, port,
                                std::regex("simulated server at "
                                           "http://127\\.0\\.0\\.1:([0-9]+)")));
  EXPECT_FALSE(Listening(std::stoi(port[1])))
      << "the simulated server outlived the interrupted suite";
}

// Starts the suite with `sim_flags`, waits until stderr shows `marker`,
// sends SIGTERM and returns how many seconds the suite took to exit (or
// kGraceS + 1 if it had to be killed).
double SecondsToExitAfterSigterm(const std::string& dir,
                                 const std::string& sim_flags, EnvOverrides env,
                                 const std::string& marker) {
  env["BENCH_SIM"] = "1";
  env["BENCH_SIM_FLAGS"] = sim_flags;
  env["BENCH_SUITE_FILE"] = WriteSuite(dir, kPairs);
  auto process = StartCoreSuite(dir, env);
  if (!process.ok()) {
    ADD_FAILURE() << process.error();
    return -1;
  }
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (test::ReadFileOrEmpty(dir + "/stderr.txt").find(marker) ==
         std::string::npos) {
    if (!process->Running() || std::chrono::steady_clock::now() > give_up) {
      ADD_FAILURE() << "never saw \"" << marker << "\":\n"
                    << test::ReadFileOrEmpty(dir + "/stderr.txt");
      process->Terminate(1);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Well into the wait.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_TRUE(process->Running());
  kill(process->pid(), SIGTERM);
  const auto signalled = std::chrono::steady_clock::now();
  while (process->Running() && std::chrono::steady_clock::now() - signalled <
                                   std::chrono::duration<double>(kGraceS)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (process->Running()) {
    process->Terminate(1);
    return kGraceS + 1;
  }
  EXPECT_EQ(process->Wait(), 1);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       signalled)
      .count();
}

// A server that stopped answering mid-request: SIGTERM must not wait for
// BENCH_STALL_TIMEOUT (here 60 s) to run out.
TEST(InterruptTest, SigtermDuringAStalledRequestExitsPromptly) {
  const std::string dir = test::TempDir("sigterm_stall");
  const double seconds = SecondsToExitAfterSigterm(
      dir,
      "--ttft-base-ms 5 --tpot-ms 1 --early-stop-fraction 0 "
      "--fault stall-before --fault-every 1 --fault-stall-s 120",
      {{"BENCH_STALL_TIMEOUT", "60"}, {"BENCH_WARMUP_RUNS", "0"}},
      "[Isl128Osl64] prompt calibrated");
  EXPECT_LT(seconds, kGraceS) << test::ReadFileOrEmpty(dir + "/stderr.txt");
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  ASSERT_TRUE(out.xml_ok) << out.stderr_text;
  EXPECT_THAT(out.FailureMessage("Measure/Isl128Osl64"),
              HasSubstr("interrupted by SIGTERM"));
  EXPECT_THAT(out.SkipMessage("Measure/Isl96Osl64"),
              HasSubstr("interrupted by SIGTERM"));
}

// A server still loading: SIGTERM must not wait for BENCH_READY_TIMEOUT.
TEST(InterruptTest, SigtermWhileWaitingForReadinessExitsPromptly) {
  const std::string dir = test::TempDir("sigterm_ready");
  const double seconds = SecondsToExitAfterSigterm(
      dir, "--startup-delay-s 120", {{"BENCH_READY_TIMEOUT", "600"}},
      "servebench: waiting for");
  EXPECT_LT(seconds, kGraceS) << test::ReadFileOrEmpty(dir + "/stderr.txt");
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  ASSERT_TRUE(out.xml_ok) << out.stderr_text;
  for (const auto& test : out.Suite().children("testcase")) {
    const std::string name = test.attribute("name").value();
    EXPECT_THAT(out.FailureMessage(name) + out.SkipMessage(name),
                HasSubstr("interrupted"))
        << name;
  }
}

}  // namespace
}  // namespace servebench
