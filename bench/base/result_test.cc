#include "bench/base/result.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace servebench {
namespace {

Result<int> Parse(const std::string& text) {
  if (text.empty()) return Error{"empty"};
  return static_cast<int>(text.size());
}

Result<std::string> Twice(const std::string& text) {
  Result<int> n = Parse(text);
  if (!n.ok()) return n;  // the error of another Result type travels as is
  return std::string(static_cast<size_t>(*n) * 2, 'x');
}

Status Check(const std::string& text) {
  SB_RETURN_IF_ERROR(Parse(text));
  return Ok{};
}

Result<int> Sum(const std::string& a, const std::string& b) {
  SB_ASSIGN_OR_RETURN(int x, Parse(a));
  SB_ASSIGN_OR_RETURN(const int y, Parse(b));
  return x + y;
}

Result<std::unique_ptr<int>> Boxed(int v) { return std::make_unique<int>(v); }

Result<int> Unbox(int v) {
  SB_ASSIGN_OR_RETURN(std::unique_ptr<int> box, Boxed(v));  // move-only
  return *box;
}

TEST(ResultTest, AnErrorOfAnotherTypeConvertsWithItsMessage) {
  EXPECT_EQ(*Twice("abc"), "xxxxxx");
  Result<std::string> failed = Twice("");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error(), "empty");
}

TEST(ResultTest, ReturnIfErrorPropagatesAndPasses) {
  EXPECT_TRUE(Check("a").ok());
  Status bad = Check("");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "empty");
}

TEST(ResultTest, AssignOrReturnDeclaresAndPropagates) {
  EXPECT_EQ(*Sum("ab", "cde"), 5);
  EXPECT_EQ(Sum("ab", "").error(), "empty");
  EXPECT_EQ(Sum("", "x").error(), "empty");
  EXPECT_EQ(*Unbox(7), 7);
}

}  // namespace
}  // namespace servebench
