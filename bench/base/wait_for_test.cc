// WaitFor's verdicts; no timing is asserted (the machine is shared).
#include "bench/base/wait_for.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench {
namespace {

TEST(WaitForTest, TrueOnceTheConditionHolds) {
  int calls = 0;
  EXPECT_TRUE(WaitFor([&] { return ++calls == 3; }));
  EXPECT_EQ(calls, 3);
}

TEST(WaitForTest, FalseWhenItNeverHolds) {
  int calls = 0;
  EXPECT_FALSE(WaitFor(
      [&] {
        ++calls;
        return false;
      },
      0.02));
  EXPECT_GE(calls, 2);
}

}  // namespace
}  // namespace servebench
