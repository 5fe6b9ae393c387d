// Request bodies for one prompt and for a conversation.
#include "bench/protocol/request_body.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "bench/base/json.h"

namespace servebench {
namespace {

rapidjson::Document Parse(const std::string& body) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParseJson(body, doc).ok) << body;
  return doc;
}

TEST(RequestBodyTest, AConversationIsSentAsItsMessages) {
  const std::vector<ChatMessage> messages = {{"user", "first \"question\""},
                                             {"assistant", "answer"},
                                             {"user", "next"}};
  const auto doc = Parse(BuildStreamingRequest(Endpoint::kChatCompletions, "m",
                                               messages, 16, {true, true}));
  ASSERT_TRUE(doc["messages"].IsArray());
  ASSERT_EQ(doc["messages"].Size(), 3u);
  EXPECT_STREQ(doc["messages"][1]["role"].GetString(), "assistant");
  EXPECT_STREQ(doc["messages"][0]["content"].GetString(), "first \"question\"");
  EXPECT_EQ(doc["max_tokens"].GetInt(), 16);
  EXPECT_EQ(doc["min_tokens"].GetInt(), 16);
  EXPECT_TRUE(doc["stream_options"]["continuous_usage_stats"].GetBool());
}

TEST(RequestBodyTest, CompletionsJoinTheConversationIntoOnePrompt) {
  const auto doc = Parse(BuildStreamingRequest(
      Endpoint::kCompletions, "m", {{"user", "a"}, {"assistant", "b"}}, 4));
  EXPECT_STREQ(doc["prompt"].GetString(), "a\n\nb");
  EXPECT_FALSE(doc.HasMember("messages"));
}

TEST(RequestBodyTest, OnePromptIsOneUserMessage) {
  const auto doc =
      Parse(BuildStreamingRequest(Endpoint::kChatCompletions, "m", "hello", 4));
  ASSERT_EQ(doc["messages"].Size(), 1u);
  EXPECT_STREQ(doc["messages"][0]["role"].GetString(), "user");
  EXPECT_STREQ(doc["messages"][0]["content"].GetString(), "hello");
  EXPECT_FALSE(doc.HasMember("ignore_eos"));
}

}  // namespace
}  // namespace servebench
