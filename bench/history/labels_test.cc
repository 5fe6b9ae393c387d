// BENCH_LABELS parsing.
#include "bench/history/labels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench::history {
namespace {

using ::testing::HasSubstr;

TEST(ParseLabelsTest, ReadsPairsAndIgnoresSpaces) {
  Result<Labels> labels =
      ParseLabels(" kernel=marlin , mtp=2,vllm=0.11.0+cu128");
  ASSERT_TRUE(labels.ok()) << labels.error();
  EXPECT_EQ(
      *labels,
      (Labels{{"kernel", "marlin"}, {"mtp", "2"}, {"vllm", "0.11.0+cu128"}}));
  EXPECT_EQ(FormatLabels(*labels), "kernel=marlin,mtp=2,vllm=0.11.0+cu128");
}

TEST(ParseLabelsTest, EmptyMeansNone) {
  EXPECT_TRUE(ParseLabels("").value().empty());
  EXPECT_TRUE(ParseLabels("   ").value().empty());
}

TEST(ParseLabelsTest, EmptyValueIsAllowed) {
  EXPECT_EQ(ParseLabels("note=").value(), (Labels{{"note", ""}}));
}

TEST(ParseLabelsTest, FormatReadsBack) {
  const Labels labels = {{"a", "1"}, {"b.c", "x/y:z@w"}};
  EXPECT_EQ(ParseLabels(FormatLabels(labels)).value(), labels);
}

TEST(ParseLabelsTest, MistakesSayWhatToWrite) {
  EXPECT_THAT(ParseLabels("kernel marlin").error(),
              HasSubstr("\"kernel marlin\" has no '='; write key=value pairs "
                        "separated by commas, e.g. kernel=marlin,mtp=2"));
  EXPECT_THAT(ParseLabels("a=1,,b=2").error(), HasSubstr("is empty"));
  EXPECT_THAT(ParseLabels("a=1,").error(), HasSubstr("is empty"));
  EXPECT_THAT(ParseLabels("=x").error(), HasSubstr("bad key"));
  EXPECT_THAT(ParseLabels("a=1,a=2").error(), HasSubstr("repeats the key a"));
  EXPECT_THAT(ParseLabels("a=x y").error(), HasSubstr("a character other"));
  EXPECT_THAT(ParseLabels("a=" + std::string(129, 'v')).error(),
              HasSubstr("longer than 128"));
}

TEST(ParseLabelsTest, CountAndSizeAreBounded) {
  std::string text;
  for (int i = 0; i < 33; ++i) text += "k" + std::to_string(i) + "=v,";
  text.pop_back();
  EXPECT_THAT(ParseLabels(text).error(), HasSubstr("more than 32 labels"));
  EXPECT_THAT(ParseLabels(std::string(9000, 'a')).error(),
              HasSubstr("9000 bytes"));
}

}  // namespace
}  // namespace servebench::history
