// End to end: an API key and a password in BENCH_URL must never appear in
// anything a suite run leaves behind (stdout, stderr, JUnit XML, results
// JSON), including the messages of failed requests, which quote URLs and
// response bodies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "suites/suite_run_test_util.h"
#include "tools/sim/launcher/simulated_server.h"

namespace servebench {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr char kApiKey[] = "sk-servebench-SECRET-123";
constexpr char kPassword[] = "hunter2";
constexpr char kFastSim[] =
    "--ttft-base-ms 5 --prefill-us-per-token 10 --tpot-ms 1 "
    "--early-stop-fraction 0";
const std::vector<std::pair<int, int>> kPairs = {{128, 32}, {64, 16}};

void ExpectNoSecret(const std::string& dir) {
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  ASSERT_TRUE(out.xml_ok) << out.stderr_text;
  for (const auto& [what, text] : {std::pair{"stdout", &out.stdout_text},
                                   std::pair{"stderr", &out.stderr_text},
                                   std::pair{"JUnit XML", &out.xml_text},
                                   std::pair{"results JSON", &out.json_text}}) {
    for (const std::string secret : {"SECRET-123", kPassword}) {
      const size_t at = text->find(secret);
      EXPECT_EQ(at, std::string::npos)
          << what << " contains " << secret << ": ..."
          << text->substr(at < 200 ? 0 : at - 200, 300) << "...";
    }
  }
}

// A failing request: completion requests are counted A = 1 (warm-up), 2, 3;
// B = 4 (warm-up), 5 (run 1, hit).
std::string FaultFlags(const std::string& kind) {
  return std::string(kFastSim) + " --fault " + kind + " --fault-every 5";
}

TEST(SecretsTest, ApiKeyNeverAppearsWithTheSimulator) {
  const std::string dir = test::TempDir("secrets_sim");
  const int exit_code =
      RunCoreSuite(dir,
                   {{"BENCH_SIM", "1"},
                    {"BENCH_SIM_FLAGS", FaultFlags("http500")},
                    {"BENCH_API_KEY", kApiKey},
                    // Ignored in favour of the simulator's own URL, but parsed.
                    {"BENCH_URL", "http://user:hunter2@127.0.0.1:9"},
                    {"BENCH_SUITE_FILE", WriteSuite(dir, kPairs)},
                    {"BENCH_WARMUP_RUNS", "1"},
                    {"BENCH_RUNS", "2"}},
                   60);
  EXPECT_EQ(exit_code, 1);
  EXPECT_THAT(FirstFailure(dir + "/test.xml"), HasSubstr("HTTP 500"));
  ExpectNoSecret(dir);
}

class SecretsOwnServerTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = test::TempDir("secrets_own_server");
    auto sim = SimulatedServer::Start(FaultFlags("http500"), dir + "/sim.log");
    ASSERT_TRUE(sim.ok()) << sim.error();
    server_ = new SimulatedServer(std::move(*sim));
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Stop();
    delete server_;
    server_ = nullptr;
  }
  // http://user:hunter2@127.0.0.1:<port>
  static std::string UrlWithCredentials() {
    std::string url = server_->url();
    return url.insert(url.find("//") + 2, "user:hunter2@");
  }
  static SimulatedServer* server_;
};
SimulatedServer* SecretsOwnServerTest::server_ = nullptr;

TEST_F(SecretsOwnServerTest, UrlPasswordAndKeyNeverAppear) {
  ASSERT_NE(server_, nullptr);
  const std::string dir = test::TempDir("secrets_url");
  const int exit_code =
      RunCoreSuite(dir,
                   {{"BENCH_SIM", "0"},
                    {"BENCH_URL", UrlWithCredentials()},
                    {"BENCH_API_KEY", kApiKey},
                    {"BENCH_SUITE_FILE", WriteSuite(dir, kPairs)},
                    {"BENCH_WARMUP_RUNS", "1"},
                    {"BENCH_RUNS", "2"}},
                   60);
  EXPECT_EQ(exit_code, 1);
  // The failed request's message quotes the URL, redacted.
  const std::string failures = FirstFailure(dir + "/test.xml");
  EXPECT_THAT(failures, HasSubstr("Isl64Osl16 run 1/2 failed: HTTP 500 from "
                                  "http://127.0.0.1:"));
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  EXPECT_THAT(Attributes(out.Suite())["server"], HasSubstr("127.0.0.1"));
  ExpectNoSecret(dir);
}

// vLLM logs its command line ("non-default args: {..., 'api_key':
// ['sk-...']}") when started with --api-key; the server facts read from that
// log must not carry the key into the outputs.
// Regression test; it used to fail: the fact_source_gpu_memory_utilization
// <testsuite> attribute and the results JSON's
// "fact_source_gpu_memory_utilization" copy that log line verbatim, key
// included: "non-default args: {'api_key':
// ['sk-servebench-SECRET-123'], 'model_tag': ...". Expected: the key
// redacted (or only the matched value quoted).
TEST_F(SecretsOwnServerTest, KeyInTheServerLogNeverAppears) {
  ASSERT_NE(server_, nullptr);
  const std::string dir = test::TempDir("secrets_log");
  std::string log = test::ReadFileOrEmpty(server_->log_path());
  const std::string args = "non-default args: {";
  const size_t at = log.find(args);
  ASSERT_NE(at, std::string::npos) << log;
  log.insert(at + args.size(), "'api_key': ['" + std::string(kApiKey) + "'], ");
  const std::string log_path = dir + "/vllm.log";
  std::ofstream(log_path) << log;
  const int exit_code =
      RunCoreSuite(dir,
                   {{"BENCH_SIM", "0"},
                    {"BENCH_URL", UrlWithCredentials()},
                    {"BENCH_API_KEY", kApiKey},
                    {"BENCH_LOG_FILE", log_path},
                    {"BENCH_SUITE_FILE", WriteSuite(dir, kPairs)},
                    {"BENCH_WARMUP_RUNS", "1"},
                    {"BENCH_RUNS", "2"}},
                   60);
  EXPECT_EQ(exit_code, 1);  // the fault still hits one request
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  // The facts were read from the log.
  EXPECT_EQ(Attributes(out.Suite())["kv_cache_gib"], "62.20");
  ExpectNoSecret(dir);
}

// The suite against `url` with no simulator (and `extra` settings), run in
// `dir`: it must fail. Returns the first failure message.
std::string FailureAgainstUrl(const std::string& dir, const std::string& url,
                              const EnvOverrides& extra = {}) {
  EnvOverrides env = {{"BENCH_SIM", "0"},
                      {"BENCH_URL", url},
                      {"BENCH_SUITE_FILE", WriteSuite(dir, kPairs)}};
  for (const auto& [key, value] : extra) env[key] = value;
  EXPECT_EQ(RunCoreSuite(dir, env, 60), 1);
  return FirstFailure(dir + "/test.xml");
}

TEST(SecretsTest, UnreachableUrlWithPasswordIsRedacted) {
  const std::string dir = test::TempDir("secrets_unreachable");
  EXPECT_THAT(FailureAgainstUrl(
                  dir, "http://user:hunter2@127.0.0.1:9",
                  {{"BENCH_API_KEY", kApiKey}, {"BENCH_READY_TIMEOUT", "1"}}),
              HasSubstr("not ready within 1 s"));
  ExpectNoSecret(dir);
}

TEST(SecretsTest, UnusableUrlWithPasswordIsRedacted) {
  const std::string dir = test::TempDir("secrets_bad_url");
  EXPECT_THAT(FailureAgainstUrl(dir, "ftp://user:hunter2@127.0.0.1:9"),
              HasSubstr("BENCH_URL="));
  ExpectNoSecret(dir);
}

}  // namespace
}  // namespace servebench
