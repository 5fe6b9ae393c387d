// Tests route matching.
#include "tools/sim/router.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

TEST(RouterTest, KnownRoutes) {
  EXPECT_EQ(MatchRoute("GET", "/health"), Route::kHealth);
  EXPECT_EQ(MatchRoute("GET", "/v1/models"), Route::kModels);
  EXPECT_EQ(MatchRoute("POST", "/v1/chat/completions"),
            Route::kChatCompletions);
  EXPECT_EQ(MatchRoute("POST", "/v1/completions"), Route::kCompletions);
  EXPECT_EQ(MatchRoute("POST", "/tokenize"), Route::kTokenize);
  EXPECT_EQ(MatchRoute("GET", "/metrics"), Route::kMetrics);
}

TEST(RouterTest, QueryStringIsIgnored) {
  EXPECT_EQ(MatchRoute("GET", "/v1/models?x=1"), Route::kModels);
}

TEST(RouterTest, WrongMethodAndUnknownPath) {
  EXPECT_EQ(MatchRoute("GET", "/v1/chat/completions"),
            Route::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("POST", "/health"), Route::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("GET", "/v1/model"), Route::kNotFound);
  EXPECT_EQ(MatchRoute("GET", "/"), Route::kNotFound);
  EXPECT_EQ(MatchRoute("POST", "/v1/chat/completions/"), Route::kNotFound);
}

TEST(RouterTest, SimulatorRoutesMatchButAreNotVllms) {
  EXPECT_EQ(MatchRoute("GET", "/sim/lateness"), Route::kSimLateness);
  EXPECT_EQ(MatchRoute("POST", "/sim/lateness/reset"),
            Route::kSimLatenessReset);
  EXPECT_EQ(MatchRoute("POST", "/sim/lateness"), Route::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("GET", "/sim/lateness/reset"), Route::kMethodNotAllowed);
  EXPECT_EQ(MatchRoute("GET", "/sim"), Route::kNotFound);
  for (const std::string& line : RouteDescriptions()) {
    EXPECT_EQ(line.find("/sim/"), std::string::npos) << line;
  }
}

TEST(RouterTest, DescriptionsListEveryRouteForTheLog) {
  EXPECT_THAT(RouteDescriptions(),
              ::testing::Contains("/v1/chat/completions, Methods: POST"));
  EXPECT_EQ(RouteDescriptions().size(), 6u);
}

TEST(RouterTest, SglangRoutes) {
  EXPECT_EQ(MatchRoute(Engine::kSglang, "GET", "/get_model_info"),
            Route::kModelInfo);
  EXPECT_EQ(MatchRoute(Engine::kSglang, "GET", "/model_info"),
            Route::kModelInfo);
  EXPECT_EQ(MatchRoute(Engine::kSglang, "GET", "/get_server_info"),
            Route::kServerInfo);
  EXPECT_EQ(MatchRoute(Engine::kSglang, "POST", "/v1/tokenize"),
            Route::kTokenize);
  EXPECT_EQ(MatchRoute(Engine::kSglang, "GET", "/health_generate"),
            Route::kHealthGenerate);
  EXPECT_EQ(MatchRoute(Engine::kSglang, "GET", "/props"), Route::kNotFound);
  EXPECT_EQ(MatchRoute(Engine::kSglang, "GET", "/v1/completions"),
            Route::kMethodNotAllowed);
}

TEST(RouterTest, LlamaCppRoutesAnswer404ForAWrongMethod) {
  EXPECT_EQ(MatchRoute(Engine::kLlamaCpp, "GET", "/props"), Route::kProps);
  EXPECT_EQ(MatchRoute(Engine::kLlamaCpp, "GET", "/slots"), Route::kSlots);
  EXPECT_EQ(MatchRoute(Engine::kLlamaCpp, "GET", "/v1/health"), Route::kHealth);
  EXPECT_EQ(MatchRoute(Engine::kLlamaCpp, "GET", "/models"), Route::kModels);
  EXPECT_EQ(MatchRoute(Engine::kLlamaCpp, "POST", "/chat/completions"),
            Route::kChatCompletions);
  EXPECT_EQ(MatchRoute(Engine::kLlamaCpp, "POST", "/health"), Route::kNotFound);
  EXPECT_EQ(MatchRoute(Engine::kLlamaCpp, "GET", "/get_model_info"),
            Route::kNotFound);
}

TEST(RouterTest, TrtllmRoutes) {
  EXPECT_EQ(MatchRoute(Engine::kTrtllm, "GET", "/metrics"), Route::kMetrics);
  EXPECT_EQ(MatchRoute(Engine::kTrtllm, "GET", "/prometheus/metrics"),
            Route::kPrometheusMetrics);
  EXPECT_EQ(MatchRoute(Engine::kTrtllm, "GET", "/version"), Route::kVersion);
  EXPECT_EQ(MatchRoute(Engine::kTrtllm, "GET", "/perf_metrics"),
            Route::kPerfMetrics);
  // trtllm-serve has no /tokenize.
  EXPECT_EQ(MatchRoute(Engine::kTrtllm, "POST", "/tokenize"), Route::kNotFound);
}

TEST(RouterTest, SimulatorRoutesOnEveryEngine) {
  for (Engine engine :
       {Engine::kVllm, Engine::kSglang, Engine::kLlamaCpp, Engine::kTrtllm}) {
    EXPECT_EQ(MatchRoute(engine, "GET", "/dcgm/metrics"), Route::kDcgmMetrics);
    EXPECT_EQ(MatchRoute(engine, "GET", "/sim/lateness"), Route::kSimLateness);
  }
}

}  // namespace
}  // namespace servebench::sim
