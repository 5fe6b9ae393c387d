// Line splitting, last-start selection and number reading.
#include "bench/facts/logs/log_scan.h"

#include <regex>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

using ::testing::ElementsAre;

TEST(SplitLinesTest, DropsCarriageReturnsAndKeepsEmptyLines) {
  EXPECT_THAT(SplitLines("a\r\n\nb"), ElementsAre("a", "", "b"));
  EXPECT_THAT(SplitLines("a\n"), ElementsAre("a"));
}

TEST(LinesOfLastStartTest, StartsAtTheLastMarker) {
  const std::vector<std::string_view> lines = {"start 1", "x", "start 2", "y"};
  EXPECT_THAT(LinesOfLastStart(lines, {{"start"}}),
              ElementsAre("start 2", "y"));
}

TEST(LinesOfLastStartTest, EarlierTierWinsOverLaterMarkers) {
  const std::vector<std::string_view> lines = {"version", "args", "engine",
                                               "facts"};
  EXPECT_THAT(LinesOfLastStart(lines, {{"version"}, {"engine"}}),
              ElementsAre("version", "args", "engine", "facts"));
  EXPECT_THAT(LinesOfLastStart(lines, {{"missing"}, {"engine"}}),
              ElementsAre("engine", "facts"));
}

TEST(LinesOfLastStartTest, NoMarkerMeansTheWholeLog) {
  const std::vector<std::string_view> lines = {"a", "b"};
  EXPECT_THAT(LinesOfLastStart(lines, {{"start"}}), ElementsAre("a", "b"));
}

TEST(NumberTest, IgnoresThousandsSeparators) {
  LineMatch m;
  const std::regex pattern(R"(size: ([0-9,.]+) tokens)");
  ASSERT_TRUE(Find("GPU KV cache size: 1,131,008.5 tokens", pattern, m));
  EXPECT_DOUBLE_EQ(Number(m[1]), 1131008.5);
  ASSERT_TRUE(Find("GPU KV cache size: 1,131,008 tokens", pattern, m));
  EXPECT_EQ(Integer(m[1]), 1131008);
}

}  // namespace
}  // namespace servebench::server_logs

namespace servebench::server_logs {
namespace {

TEST(FindTest, HugeLinesAreScannedByTheirTailWithoutOverflowingTheStack) {
  // Found by fuzzing: a 50 KB run before a llama.cpp KV line used to crash
  // std::regex with a stack overflow.
  const std::regex pattern(R"((\S+) KV buffer size = ([0-9.]+) MiB)");
  std::string line(200000, 'x');
  line += " KV buffer size = 1.00 MiB";
  LineMatch match;
  ASSERT_TRUE(Find(line, pattern, match));
  EXPECT_EQ(match[2].str(), "1.00");
  std::string no_record(200000, 'y');
  EXPECT_FALSE(Find(no_record, pattern, match));
}

}  // namespace
}  // namespace servebench::server_logs
