// Line splitting, last-start selection and number reading.
#include "bench/facts/logs/log_scan.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

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
  const LogPattern pattern(R"(size: ([0-9,.]+) tokens)");
  ASSERT_TRUE(Find("GPU KV cache size: 1,131,008.5 tokens", pattern, m));
  EXPECT_DOUBLE_EQ(Number(m[1]), 1131008.5);
  ASSERT_TRUE(Find("GPU KV cache size: 1,131,008 tokens", pattern, m));
  EXPECT_EQ(Integer(m[1]), 1131008);
}

TEST(FindTest, HugeLinesAreScannedByTheirTailWithoutOverflowingTheStack) {
  // Found by fuzzing: a 50 KB run before a llama.cpp KV line used to crash
  // std::regex with a stack overflow.
  const LogPattern pattern(R"((\S+) KV buffer size = ([0-9.]+) MiB)");
  std::string line(200000, 'x');
  line += " KV buffer size = 1.00 MiB";
  LineMatch match;
  ASSERT_TRUE(Find(line, pattern, match));
  EXPECT_EQ(match[2].str(), "1.00");
  std::string no_record(200000, 'y');
  EXPECT_FALSE(Find(no_record, pattern, match));
}

TEST(FindTest, RecordsBeyondTheScannedTailAreNotFound) {
  const LogPattern pattern(R"(Model loading took ([0-9.]+) GiB)");
  const std::string record = "Model loading took 15.5 GiB";
  LineMatch match;
  const std::string within =
      std::string(kMaxScannedLineBytes - record.size(), '=') + record;
  ASSERT_TRUE(Find(within, pattern, match));
  EXPECT_EQ(match[1], "15.5");
  const std::string beyond = record + std::string(kMaxScannedLineBytes, '=');
  EXPECT_FALSE(Find(beyond, pattern, match));
}

TEST(FindTest, AMegabyteOfNearMissesIsScannedWithoutOverflowingTheStack) {
  // Every position starts a partial match, the worst case for a recursive
  // matcher; RE2 neither recurses nor backtracks.
  const LogPattern pattern(R"(([^\s\v]+) KV buffer size = +([0-9.]+) MiB)");
  std::string line;
  while (line.size() < (1u << 20)) line += "a KV buffer size = 1.";
  LineMatch match;
  EXPECT_FALSE(Find(line, pattern, match));
  line += "5 MiB";
  ASSERT_TRUE(Find(line, pattern, match));
  EXPECT_EQ(match[2], "1.5");
}

TEST(FindTest, GroupsOutsideTheMatchAreUnmatchedAndEmpty) {
  const LogPattern pattern(
      R"(n_ctx_per_seq += +([0-9]+)|max context: ([0-9]+))");
  LineMatch match;
  ASSERT_TRUE(Find("srv: max context: 4096", pattern, match));
  EXPECT_FALSE(match[1].matched);
  EXPECT_EQ(match[1], "");
  EXPECT_TRUE(match[2].matched);
  EXPECT_EQ(match[2].str(), "4096");
  EXPECT_EQ(match[0], "max context: 4096");
}

TEST(FindTest, MatchesBytesNotCharacters) {
  // Latin-1 matching: invalid UTF-8 is one byte per '.', never a mismatch.
  const LogPattern pattern(R"(took (.) ([0-9.]+) GiB)");
  LineMatch match;
  ASSERT_TRUE(Find("took \xff 1.5 GiB", pattern, match));
  EXPECT_EQ(match[1], "\xff");
  EXPECT_EQ(match[2], "1.5");
}

TEST(FindTest, LeftmostMatchWinsAndGreedyGroupsExtend) {
  // The semantics the parsers were written against with std::regex
  // (ECMAScript): the leftmost match, then the first alternative, greedy.
  const LogPattern pattern(R"((?:GPU|cuda) blocks: ([0-9]+))");
  LineMatch match;
  ASSERT_TRUE(Find("# cuda blocks: 12, # GPU blocks: 345", pattern, match));
  EXPECT_EQ(match[1], "12");
}

TEST(LogLineTest, FindFirstTakesTheFirstWordingThatMatches) {
  // Not the leftmost match: the wordings are tried in their order.
  const Wordings wordings = {R"(B=([0-9]+))", R"(A=([0-9]+))"};
  ServerFacts facts;
  LogLine line("A=1 B=2", facts);
  ASSERT_TRUE(line.FindFirst(wordings));
  EXPECT_EQ(line[1], "2");
  LogLine other("C=3", facts);
  EXPECT_FALSE(other.FindFirst(wordings));
}

TEST(ReadLastStartTest, RecordsTheLastStartsFactsWithTheirLines) {
  const LogPattern length(R"(len=([0-9]+))");
  const auto read_length = [&](LogLine& line) {
    if (line.Find(length)) line.Record(fact::kMaxModelLen, Integer(line[1]));
  };
  const ServerFacts facts =
      ReadLastStart("start\nlen=1\nstart\nlen=2\nlen=3 again\n", Engine::kVllm,
                    {{"start"}}, read_length);
  EXPECT_EQ(facts.engine, Engine::kVllm);
  EXPECT_EQ(facts.max_model_len, 3);
  EXPECT_THAT(facts.sources, ElementsAre(Pair("max_model_len", "len=3 again")));
  // A start without facts still names its engine.
  const ServerFacts none = ReadLastStart("len=1\nstart\n", Engine::kTrtllm,
                                         {{"start"}}, read_length);
  EXPECT_EQ(none.engine, Engine::kTrtllm);
  EXPECT_EQ(none.max_model_len, std::nullopt);
  EXPECT_TRUE(none.sources.empty());
}

}  // namespace
}  // namespace servebench::server_logs
