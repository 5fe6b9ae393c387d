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

}  // namespace
}  // namespace servebench::sim
