// Tests the /v1/models and /tokenize bodies.
#include "tools/sim/info_endpoints.h"

#include <string>
#include <variant>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/test_json.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

using testing::JsonShows;
using testing::ParseJson;
using testing::Show;

SimConfig Config() {
  SimConfig config;
  config.model = "org/model";
  config.max_model_len = 4096;
  return config;
}

TEST(InfoEndpointsTest, ModelsListsTheServedModelLikeVllm) {
  EXPECT_THAT(ModelsBody(Config(), 1719581274),
              JsonShows({{"/object", "list"},
                         {"/data/0/id", "org/model"},
                         {"/data/0/object", "model"},
                         {"/data/0/created", "1719581274"},
                         {"/data/0/owned_by", "vllm"},
                         {"/data/0/root", "org/model"},
                         {"/data/0/parent", "null"},
                         {"/data/0/max_model_len", "4096"},
                         {"/data/0/permission/0/object", "model_permission"},
                         {"/data/1", "<missing>"}}));
}

TEST(InfoEndpointsTest, AdvertisedMaxModelLenIsWrittenVerbatim) {
  for (const char* text : {"-5", "1e30", "0", "1e400"}) {
    SimConfig config = Config();
    config.advertised_max_model_len = text;
    const std::string body = ModelsBody(config, 1719581274);
    EXPECT_THAT(body, ::testing::HasSubstr(std::string("\"max_model_len\":") +
                                           text + ",\"permission\":"));
    EXPECT_EQ(body.find("4096"), std::string::npos) << body;
  }
}

TEST(InfoEndpointsTest, TokenizeKeepsTheRealMaxModelLen) {
  SimConfig config = Config();
  config.advertised_max_model_len = "-5";
  OrApiError<std::string> out = TokenizeBody(config, R"({"prompt":"x"})");
  ASSERT_TRUE(std::holds_alternative<std::string>(out));
  EXPECT_THAT(std::get<std::string>(out),
              ::testing::HasSubstr("\"max_model_len\":4096}"));
}

TEST(InfoEndpointsTest, NestedModelsReplacesTheWholeAnswer) {
  SimConfig config = Config();
  config.models_nested = true;
  config.nesting_depth = 3;
  EXPECT_EQ(ModelsBody(config, 1), R"({"object":"list","data":[[[]]]})");
  config.nesting_kind = NestingKind::kObject;
  EXPECT_EQ(ModelsBody(config, 1),
            R"({"object":"list","data":{"a":{"a":{}}}})");
}

std::string Tokenize(std::string_view body) {
  OrApiError<std::string> out = TokenizeBody(Config(), body);
  if (const ApiError* error = std::get_if<ApiError>(&out)) {
    return "error " + std::to_string(error->status) + ": " + error->message;
  }
  return std::get<std::string>(out);
}

TEST(InfoEndpointsTest, TokenizePromptMatchesVllmsShape) {
  std::string expected = R"({"tokens":[128000,)" +
                         std::to_string(TokenId("test")) +
                         R"(],"count":2,"max_model_len":4096})";
  EXPECT_EQ(Tokenize(R"({"model":"org/model","prompt":"test"})"), expected);
  EXPECT_EQ(Tokenize(R"({"prompt":"test","add_special_tokens":false})"),
            R"({"tokens":[)" + std::to_string(TokenId("test")) +
                R"(],"count":1,"max_model_len":4096})");
}

TEST(InfoEndpointsTest, TokenizeMessagesUsesTheChatTemplate) {
  rapidjson::Document doc = ParseJson(
      Tokenize(R"({"messages":[{"role":"user","content":"one two three"}]})"));
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(Show(doc, "/count"),
            std::to_string(TokenizeChat({{"user", "one two three"}}).size()));
  EXPECT_EQ(Show(doc, "/count"), "11");
  EXPECT_EQ(doc["tokens"].Size(), 11u);
}

TEST(InfoEndpointsTest, TokenizeErrors) {
  EXPECT_EQ(Tokenize(R"({"model":"other","prompt":"x"})"),
            "error 404: The model `other` does not exist.");
  EXPECT_THAT(Tokenize("not json"), ::testing::StartsWith("error 400: "));
}

}  // namespace
}  // namespace servebench::sim
