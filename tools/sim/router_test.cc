// Tests route matching.
#include "tools/sim/router.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/engine.h"

namespace servebench::sim {
namespace {

// A request line and the route it must match.
struct RouteCase {
  Engine engine;
  const char* method;
  const char* target;
  Route route;
};

// Each engine's own routes, its answer to a wrong method (405 for vLLM and
// SGLang, 404 for llama.cpp) and to a path it does not serve.
const std::vector<RouteCase> kCases = {
    // vLLM, the default.
    {Engine::kVllm, "GET", "/health", Route::kHealth},
    {Engine::kVllm, "GET", "/v1/models", Route::kModels},
    {Engine::kVllm, "POST", "/v1/chat/completions", Route::kChatCompletions},
    {Engine::kVllm, "POST", "/v1/completions", Route::kCompletions},
    {Engine::kVllm, "POST", "/tokenize", Route::kTokenize},
    {Engine::kVllm, "GET", "/metrics", Route::kMetrics},
    {Engine::kVllm, "GET", "/v1/models?x=1", Route::kModels},  // query ignored
    {Engine::kVllm, "GET", "/v1/chat/completions", Route::kMethodNotAllowed},
    {Engine::kVllm, "POST", "/health", Route::kMethodNotAllowed},
    {Engine::kVllm, "GET", "/v1/model", Route::kNotFound},
    {Engine::kVllm, "GET", "/", Route::kNotFound},
    {Engine::kVllm, "POST", "/v1/chat/completions/", Route::kNotFound},
    // python/sglang/srt/entrypoints/http_server.py.
    {Engine::kSglang, "GET", "/get_model_info", Route::kModelInfo},
    {Engine::kSglang, "GET", "/model_info", Route::kModelInfo},
    {Engine::kSglang, "GET", "/get_server_info", Route::kServerInfo},
    {Engine::kSglang, "POST", "/v1/tokenize", Route::kTokenize},
    {Engine::kSglang, "GET", "/health_generate", Route::kHealthGenerate},
    {Engine::kSglang, "GET", "/props", Route::kNotFound},
    {Engine::kSglang, "GET", "/v1/completions", Route::kMethodNotAllowed},
    // llama-server answers 404 for a wrong method.
    {Engine::kLlamaCpp, "GET", "/props", Route::kProps},
    {Engine::kLlamaCpp, "GET", "/slots", Route::kSlots},
    {Engine::kLlamaCpp, "GET", "/v1/health", Route::kHealth},
    {Engine::kLlamaCpp, "GET", "/models", Route::kModels},
    {Engine::kLlamaCpp, "POST", "/chat/completions", Route::kChatCompletions},
    {Engine::kLlamaCpp, "POST", "/health", Route::kNotFound},
    {Engine::kLlamaCpp, "GET", "/get_model_info", Route::kNotFound},
    // trtllm-serve, which has no /tokenize.
    {Engine::kTrtllm, "GET", "/metrics", Route::kMetrics},
    {Engine::kTrtllm, "GET", "/prometheus/metrics", Route::kPrometheusMetrics},
    {Engine::kTrtllm, "GET", "/version", Route::kVersion},
    {Engine::kTrtllm, "GET", "/perf_metrics", Route::kPerfMetrics},
    {Engine::kTrtllm, "POST", "/tokenize", Route::kNotFound},
};

TEST(RouterTest, EachEngineMatchesItsRoutes) {
  for (const RouteCase& c : kCases) {
    EXPECT_EQ(MatchRoute(c.engine, c.method, c.target), c.route)
        << EngineFlagName(c.engine) << " " << c.method << " " << c.target;
  }
}

TEST(RouterTest, WithoutAnEngineRoutesAreVllms) {
  for (const RouteCase& c : kCases) {
    if (c.engine != Engine::kVllm) continue;
    EXPECT_EQ(MatchRoute(c.method, c.target), c.route)
        << c.method << " " << c.target;
  }
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

TEST(RouterTest, SimulatorRoutesOnEveryEngine) {
  for (Engine engine :
       {Engine::kVllm, Engine::kSglang, Engine::kLlamaCpp, Engine::kTrtllm}) {
    EXPECT_EQ(MatchRoute(engine, "GET", "/dcgm/metrics"), Route::kDcgmMetrics);
    EXPECT_EQ(MatchRoute(engine, "GET", "/sim/lateness"), Route::kSimLateness);
  }
}

}  // namespace
}  // namespace servebench::sim
