// Tests the deeply nested documents and the JSON number check.
#include "tools/sim/hostile_json.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

TEST(HostileJsonTest, NestedArraysAndObjectsAreExact) {
  EXPECT_EQ(NestedJson(NestingKind::kArray, 1), "[]");
  EXPECT_EQ(NestedJson(NestingKind::kArray, 3), "[[[]]]");
  EXPECT_EQ(NestedJson(NestingKind::kObject, 1), "{}");
  EXPECT_EQ(NestedJson(NestingKind::kObject, 3), R"({"a":{"a":{}}})");
}

TEST(HostileJsonTest, DefaultDepthIsLinearInSize) {
  constexpr int64_t kDepth = 100000;
  const std::string arrays = NestedJson(NestingKind::kArray, kDepth);
  EXPECT_EQ(arrays, std::string(kDepth, '[') + std::string(kDepth, ']'));
  const std::string objects = NestedJson(NestingKind::kObject, kDepth);
  EXPECT_EQ(objects.size(),
            static_cast<size_t>(5 * (kDepth - 1) + 2 + (kDepth - 1)));
  EXPECT_EQ(objects.substr(0, 10), R"({"a":{"a":)");
  EXPECT_EQ(objects.find("{}"), objects.size() - (kDepth - 1) - 2);
  size_t opened = 0;
  for (char c : objects) opened += c == '{';
  EXPECT_EQ(opened, static_cast<size_t>(kDepth));
}

TEST(HostileJsonTest, DepthIsClampedToItsBounds) {
  EXPECT_EQ(NestedJson(NestingKind::kArray, 0), "[]");
  EXPECT_EQ(NestedJson(NestingKind::kArray, -7), "[]");
  EXPECT_EQ(NestedJson(NestingKind::kArray, kMaxNestingDepth + 5).size(),
            static_cast<size_t>(2 * kMaxNestingDepth));
}

TEST(HostileJsonTest, ModelsBodyWrapsTheNestedValue) {
  EXPECT_EQ(NestedModelsBody(NestingKind::kArray, 4),
            R"({"object":"list","data":[[[[]]]]})");
  EXPECT_EQ(NestedModelsBody(NestingKind::kObject, 2),
            R"({"object":"list","data":{"a":{}}})");
}

TEST(HostileJsonTest, JsonNumberTextFollowsRfc8259) {
  for (const char* ok : {"0", "-5", "8192", "1e30", "1E+30", "1e400", "-0.5",
                         "0.0001", "-1e-7", "123456789012345678901234567890"}) {
    EXPECT_TRUE(IsJsonNumberText(ok)) << ok;
  }
  for (const char* bad :
       {"", "-", "+5", "05", "1.", ".5", "1e", "1e+", "NaN", "Infinity", "0x10",
        "1 ", " 1", "1,0", "\"5\"", "5}"}) {
    EXPECT_FALSE(IsJsonNumberText(bad)) << bad;
  }
}

}  // namespace
}  // namespace servebench::sim
