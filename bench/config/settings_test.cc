#include "bench/config/settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "bench/transport/url.h"

namespace servebench {
namespace {

using testing::HasSubstr;

Result<Settings> Load(const std::map<std::string, std::string>& env) {
  return LoadSettings([&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(SettingsTest, DefaultsFollowTheSeed) {
  auto s = Load({});
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->url, "http://localhost:8888");
  EXPECT_EQ(s->url_source, "default");
  EXPECT_EQ(s->endpoint, Endpoint::kChatCompletions);
  EXPECT_DOUBLE_EQ(s->ready_timeout_s, 600);
  EXPECT_FALSE(s->max_model_len.has_value());
  EXPECT_FALSE(s->runs.has_value());
  EXPECT_FALSE(s->use_simulator);
}

TEST(SettingsTest, PortBuildsLocalUrlAndUrlWins) {
  auto by_port = Load({{"BENCH_PORT", "8000"}});
  ASSERT_TRUE(by_port.ok());
  EXPECT_EQ(by_port->url, "http://localhost:8000");
  EXPECT_EQ(by_port->url_source, "BENCH_PORT");

  auto by_url =
      Load({{"BENCH_PORT", "8000"}, {"BENCH_URL", "http://gpu-box:9000/v1/"}});
  ASSERT_TRUE(by_url.ok());
  EXPECT_EQ(by_url->url, "http://gpu-box:9000");
  EXPECT_EQ(by_url->url_source, "BENCH_URL");
}

TEST(SettingsTest, ReadsEveryOverride) {
  auto s = Load({{"BENCH_MODEL", "m"},
                 {"BENCH_API_KEY", "sk-secret"},
                 {"BENCH_ENDPOINT", "completions"},
                 {"BENCH_MAX_MODEL_LEN", "4096"},
                 {"BENCH_READY_TIMEOUT", "30"},
                 {"BENCH_CONNECT_TIMEOUT", "2.5"},
                 {"BENCH_STALL_TIMEOUT", "90"},
                 {"BENCH_WARMUP_RUNS", "0"},
                 {"BENCH_RUNS", "5"},
                 {"BENCH_RESULTS_FILE", "/tmp/r.json"},
                 {"BENCH_SIM", "1"},
                 {"BENCH_SIM_FLAGS", "--tpot-ms 2"},
                 {"BENCH_BASELINE", "sim"},
                 {"BENCH_MAX_RUNS", "9"},
                 {"BENCH_INCONCLUSIVE", "pass"},
                 {"BENCH_ALLOW_MISMATCH", "1"},
                 {"BENCH_CLIENT_LAG_LIMIT_MS", "20"}});
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s->model, "m");
  EXPECT_EQ(s->api_key, "sk-secret");
  EXPECT_EQ(s->endpoint, Endpoint::kCompletions);
  EXPECT_EQ(s->max_model_len, 4096);
  EXPECT_DOUBLE_EQ(s->ready_timeout_s, 30);
  EXPECT_DOUBLE_EQ(s->connect_timeout_s, 2.5);
  EXPECT_DOUBLE_EQ(s->stall_timeout_s, 90);
  EXPECT_EQ(s->warmup_runs, 0);
  EXPECT_EQ(s->runs, 5);
  EXPECT_EQ(s->results_file, "/tmp/r.json");
  EXPECT_TRUE(s->use_simulator);
  EXPECT_EQ(s->simulator_flags, "--tpot-ms 2");
  EXPECT_EQ(s->baseline, "sim");
  EXPECT_EQ(s->max_runs, 9);
  EXPECT_FALSE(s->inconclusive_fails);
  EXPECT_TRUE(s->allow_mismatch);
  EXPECT_DOUBLE_EQ(s->client_lag_limit_ms, 20);
}

TEST(SettingsTest, BaselineNoneDisablesGating) {
  auto s = Load({{"BENCH_BASELINE", "none"}});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->baseline_disabled);
  EXPECT_TRUE(s->baseline.empty());
  EXPECT_TRUE(s->inconclusive_fails);  // the default
}

TEST(SettingsTest, BadValuesNameTheVariableAndTheValue) {
  const std::map<std::string, std::string> cases[] = {
      {{"BENCH_PORT", "eighty"}},
      {{"BENCH_PORT", "70000"}},
      {{"BENCH_RUNS", "0"}},
      {{"BENCH_WARMUP_RUNS", "-1"}},
      {{"BENCH_MAX_MODEL_LEN", "4k"}},
      {{"BENCH_READY_TIMEOUT", "0"}},
      {{"BENCH_ENDPOINT", "responses"}},
      {{"BENCH_URL", "ftp://host"}},
      {{"BENCH_SIM", "yes"}},
      {{"BENCH_MAX_RUNS", "0"}},
      {{"BENCH_INCONCLUSIVE", "maybe"}},
      {{"BENCH_ALLOW_MISMATCH", "yes"}},
      {{"BENCH_CLIENT_LAG_LIMIT_MS", "0"}},
      {{"BENCH_CLIENT_LAG_LIMIT_MS", "1e9"}},
  };
  for (const auto& env : cases) {
    auto s = Load(env);
    ASSERT_FALSE(s.ok()) << env.begin()->first;
    EXPECT_THAT(s.error(), HasSubstr(env.begin()->first + "="));
    EXPECT_THAT(s.error(), HasSubstr("expected"));
  }
}

TEST(SettingsTest, BadUrlNeverEchoesItsPassword) {
  auto s = Load({{"BENCH_URL", "ftp://user:hunter2@host/"}});
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error(), testing::Not(HasSubstr("hunter2")));
}

TEST(UrlTest, RedactRemovesCredentials) {
  EXPECT_EQ(RedactUrl("http://user:pass@gpu-box:8000"), "http://gpu-box:8000");
  EXPECT_EQ(RedactUrl("https://token@host/v1"), "https://host/v1");
  EXPECT_EQ(RedactUrl("http://gpu-box:8000"), "http://gpu-box:8000");
}

}  // namespace
}  // namespace servebench
