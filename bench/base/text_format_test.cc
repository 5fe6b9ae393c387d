#include "bench/base/text_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

TEST(FixedTest, WritesExactlyTheDecimalsAsked) {
  EXPECT_EQ(Fixed(12.3, 3), "12.300");
  EXPECT_EQ(Fixed(2.0 / 3.0, 2), "0.67");
  EXPECT_EQ(Fixed(1131008, 0), "1131008");
  EXPECT_EQ(Fixed(-0.5, 1), "-0.5");
}

TEST(FixedOrTest, UnknownIsNotZero) {
  EXPECT_EQ(FixedOr(std::nullopt, 2), "n/a");
  EXPECT_EQ(FixedOr(std::nullopt, 2, "-"), "-");
  EXPECT_EQ(FixedOr(0.0, 2), "0.00");
}

TEST(CompactTest, DropsTrailingZeros) {
  EXPECT_EQ(Compact(600), "600");
  EXPECT_EQ(Compact(0.25), "0.25");
  EXPECT_EQ(Compact(1e30), "1e+30");
}

TEST(MarkdownCellTest, KeepsTheCellAndTheRowWhole) {
  EXPECT_EQ(MarkdownCell("a|b"), "a\\|b");
  EXPECT_EQ(MarkdownCell("two\nlines\r\n"), "two lines  ");
  EXPECT_EQ(MarkdownCell("plain"), "plain");
}

TEST(LocalTimestampTest, IsoSecondsWithoutZone) {
  EXPECT_THAT(LocalTimestamp(),
              testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:"
                                    "[0-9]{2}:[0-9]{2}"));
}

}  // namespace
}  // namespace servebench
