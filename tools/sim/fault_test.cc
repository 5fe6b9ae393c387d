// Tests fault kind names and which requests a fault selects.
#include "tools/sim/fault.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

TEST(FaultTest, NamesRoundTrip) {
  for (const std::string& name : FaultKindNames()) {
    std::optional<FaultKind> kind = ParseFaultKind(name);
    ASSERT_TRUE(kind.has_value()) << name;
    EXPECT_EQ(FaultKindName(*kind), name);
  }
  EXPECT_EQ(FaultKindNames().size(), 17u);
  EXPECT_EQ(ParseFaultKind("stall-mid"), FaultKind::kStallMid);
  EXPECT_FALSE(ParseFaultKind("stall_mid").has_value());
}

TEST(FaultTest, EveryNthIsDeterministicAndOneBased) {
  SimConfig config;
  config.fault = FaultKind::kHttp500;
  config.fault_every = 3;
  std::vector<uint64_t> hit;
  for (uint64_t n = 1; n <= 10; ++n) {
    if (ShouldInjectFault(config, n)) hit.push_back(n);
  }
  EXPECT_THAT(hit, ::testing::ElementsAre(3, 6, 9));
  config.fault_every = 1;
  EXPECT_TRUE(ShouldInjectFault(config, 1));
}

TEST(FaultTest, RateSelectsAboutThatFractionReproducibly) {
  SimConfig config;
  config.fault = FaultKind::kRefuse;
  config.fault_rate = 0.2;
  int hits = 0;
  constexpr int kRequests = 20000;
  for (uint64_t n = 1; n <= kRequests; ++n) {
    bool hit = ShouldInjectFault(config, n);
    EXPECT_EQ(hit, ShouldInjectFault(config, n));
    hits += hit;
  }
  EXPECT_NEAR(static_cast<double>(hits) / kRequests, 0.2, 0.02);
  config.fault_rate = 0;
  EXPECT_FALSE(ShouldInjectFault(config, 5));
}

TEST(FaultTest, NoneNeverFires) {
  SimConfig config;
  config.fault_every = 1;
  EXPECT_FALSE(ShouldInjectFault(config, 1));
}

TEST(FaultTest, MidpointAndStreamOnlyKinds) {
  EXPECT_EQ(FaultMidpoint(10), 5);
  EXPECT_EQ(FaultMidpoint(1), 1);
  EXPECT_TRUE(IsStreamOnlyFault(FaultKind::kNoDone));
  EXPECT_FALSE(IsStreamOnlyFault(FaultKind::kStallMid));
}

TEST(FaultTest, HostileKindsAndTheirLies) {
  EXPECT_EQ(ParseFaultKind("nested-event"), FaultKind::kNestedEvent);
  EXPECT_EQ(ParseFaultKind("inflated-usage"), FaultKind::kInflatedUsage);
  EXPECT_EQ(ParseFaultKind("inflated-prompt-usage"),
            FaultKind::kInflatedPromptUsage);
  EXPECT_TRUE(IsStreamOnlyFault(FaultKind::kNestedEvent));
  EXPECT_TRUE(IsStreamOnlyFault(FaultKind::kInflatedUsage));
  // The prompt lie also reaches non-streaming usage.
  EXPECT_FALSE(IsStreamOnlyFault(FaultKind::kInflatedPromptUsage));
  EXPECT_EQ(InflatedCompletionTokens(16), 16000);
  EXPECT_EQ(InflatedCompletionTokens(0), 0);
  EXPECT_EQ(InflatedPromptTokens(100), 125);
  EXPECT_EQ(InflatedPromptTokens(9), 12);  // a quarter, rounded up
  EXPECT_EQ(InflatedPromptTokens(1), 2);   // always a different count
  EXPECT_EQ(InflatedPromptTokens(0), 1);
}

}  // namespace
}  // namespace servebench::sim
