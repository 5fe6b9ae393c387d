// Tests request parsing and vLLM's validation errors.
#include "tools/sim/request.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/api_error.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;

Result<CompletionRequest> Chat(std::string_view body) {
  return ParseCompletionRequest(Endpoint::kChatCompletions, body);
}

Result<CompletionRequest> Completion(std::string_view body) {
  return ParseCompletionRequest(Endpoint::kCompletions, body);
}

TEST(RequestTest, ParsesAFullChatRequest) {
  Result<CompletionRequest> r = Chat(R"({
      "model": "m", "messages": [{"role": "system", "content": "be brief"},
                                 {"role": "user", "content": "hi"}],
      "max_tokens": 32, "min_tokens": 4, "ignore_eos": true,
      "temperature": 0.7, "stream": true,
      "stream_options": {"include_usage": true,
                         "continuous_usage_stats": true}})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->model, "m");
  ASSERT_EQ(r->messages.size(), 2u);
  EXPECT_EQ(r->messages[0].role, "system");
  EXPECT_EQ(r->messages[1].content, "hi");
  EXPECT_EQ(r->max_tokens, 32);
  EXPECT_EQ(r->min_tokens, 4);
  EXPECT_TRUE(r->ignore_eos);
  EXPECT_TRUE(r->stream);
  EXPECT_TRUE(r->include_usage);
  EXPECT_TRUE(r->continuous_usage);
}

TEST(RequestTest, DefaultsMatchVllm) {
  Result<CompletionRequest> r =
      Chat(R"({"messages":[{"role":"user","content":"x"}]})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->model, std::nullopt);
  EXPECT_EQ(r->max_tokens, std::nullopt);
  EXPECT_FALSE(r->stream);
  EXPECT_FALSE(r->ignore_eos);
  EXPECT_EQ(r->min_tokens, 0);
}

TEST(RequestTest, MaxCompletionTokensWinsForChat) {
  Result<CompletionRequest> r = Chat(
      R"({"messages":[{"role":"user","content":"x"}],"max_tokens":5,"max_completion_tokens":9})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->max_tokens, 9);
}

TEST(RequestTest, ExplicitNullsMeanUnset) {
  Result<CompletionRequest> r = Chat(
      R"({"messages":[{"role":"user","content":"x"}],"max_tokens":null,"stream":null,"stream_options":null,"model":null})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->max_tokens, std::nullopt);
}

TEST(RequestTest, ContinuousUsageNeedsIncludeUsage) {
  Result<CompletionRequest> r = Chat(
      R"({"messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"continuous_usage_stats":true}})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r->continuous_usage);
}

TEST(RequestTest, StreamOptionsWithoutStreamIsVllmsError) {
  Result<CompletionRequest> r = Chat(
      R"({"messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "Stream options can only be defined when `stream=True`.");
}

TEST(RequestTest, TextContentPartsAreJoinedWithNewlines) {
  Result<CompletionRequest> r = Chat(R"({"messages":[{"role":"user","content":[
      {"type":"text","text":"one two"},{"type":"text","text":"three"}]},
      {"role":"assistant","content":null}]})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->messages[0].content, "one two\nthree");
  EXPECT_EQ(r->messages[1].content, "");
}

TEST(RequestTest, ImagePartsAreRejectedWithTheirPosition) {
  Result<CompletionRequest> r = Chat(R"({"messages":[{"role":"user","content":[
      {"type":"image_url","image_url":{"url":"x"}}]}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("messages[0].content[0]"));
}

TEST(RequestTest, MalformedBodiesNameTheProblem) {
  struct Case {
    const char* body;
    const char* expected;
  };
  for (
      const Case& c : {
          Case{"", "not valid JSON"},
          Case{"{\"messages\": [", "not valid JSON"},
          Case{"[1, 2]", "must be a JSON object"},
          Case{"{}", "Field 'messages' is required."},
          Case{R"({"messages": []})", "'messages' must be a non-empty list"},
          Case{R"({"messages": ["hi"]})", "'messages[0]' must be an object"},
          Case{R"({"messages": [{"content": "hi"}]})",
               "'messages[0].role' must be a string"},
          Case{R"({"messages": [{"role": "user", "content": 5}]})",
               "'messages[0].content' must be"},
          Case{
              R"({"messages": [{"role":"user","content":"x"}], "max_tokens": "9"})",
              "'max_tokens' must be an integer"},
          Case{R"({"messages": [{"role":"user","content":"x"}], "stream": 1})",
               "'stream' must be true or false"},
          Case{R"({"messages": [{"role":"user","content":"x"}], "model": 3})",
               "'model' must be a string"},
          Case{
              R"({"messages": [{"role":"user","content":"x"}], "temperature": "hot"})",
              "'temperature' must be a number"},
          Case{R"({"messages": [{"role":"user","content":"x"}], "n": 2})",
               "n=1 only"},
          Case{
              R"({"messages": [{"role":"user","content":"x"}], "min_tokens": -1})",
              "min_tokens must be greater than or equal to 0"},
      }) {
    Result<CompletionRequest> r = Chat(c.body);
    ASSERT_FALSE(r.ok()) << "body: " << c.body;
    EXPECT_THAT(r.error(), HasSubstr(c.expected)) << "body: " << c.body;
  }
}

TEST(RequestTest, CompletionPromptForms) {
  Result<CompletionRequest> text = Completion(R"({"prompt":"a b c"})");
  ASSERT_TRUE(text.ok()) << text.error();
  EXPECT_EQ(text->prompt, "a b c");
  EXPECT_EQ(PromptTokenIds(*text).size(), 4u);  // <|begin_of_text|> + 3

  Result<CompletionRequest> list = Completion(R"({"prompt":["a b"]})");
  ASSERT_TRUE(list.ok()) << list.error();
  EXPECT_EQ(list->prompt, "a b");

  Result<CompletionRequest> ids = Completion(R"({"prompt":[1, 2, 3, 4, 5]})");
  ASSERT_TRUE(ids.ok()) << ids.error();
  EXPECT_EQ(PromptTokenIds(*ids), (std::vector<int32_t>{1, 2, 3, 4, 5}));

  for (const char* body : {R"({})", R"({"prompt":["a","b"]})",
                           R"({"prompt":[]})", R"({"prompt":7})"}) {
    EXPECT_FALSE(Completion(body).ok()) << body;
  }
}

TEST(RequestTest, ChatPromptTokensUseTheTemplate) {
  Result<CompletionRequest> r =
      Chat(R"({"messages":[{"role":"user","content":"hello there world"}]})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(PromptTokenIds(*r), TokenizeChat(r->messages));
  EXPECT_EQ(PromptTokenIds(*r).size(), 3u + 1 + 4 + 3);
}

TEST(RequestTest, UnknownModelIsVllms404) {
  EXPECT_EQ(CheckModel(std::nullopt, "served"), std::nullopt);
  EXPECT_EQ(CheckModel(std::string("served"), "served"), std::nullopt);
  std::optional<ApiError> error = CheckModel(std::string("gpt-4"), "served");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status, 404);
  EXPECT_EQ(error->type, "NotFoundError");
  EXPECT_EQ(error->message, "The model `gpt-4` does not exist.");
}

TEST(RequestTest, OverLengthIsVllmsExactMessage) {
  std::optional<ApiError> error = CheckLimits(8000, 1000, 0, 8192);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status, 400);
  EXPECT_EQ(error->type, "BadRequestError");
  EXPECT_EQ(error->message,
            "This model's maximum context length is 8192 tokens. However, you "
            "requested 9000 tokens (8000 in the messages, 1000 in the "
            "completion). Please reduce the length of the messages or "
            "completion.");
}

TEST(RequestTest, ExactlyFullContextIsAllowed) {
  EXPECT_EQ(CheckLimits(8000, 192, 0, 8192), std::nullopt);
  EXPECT_NE(CheckLimits(8000, 193, 0, 8192), std::nullopt);
}

TEST(RequestTest, TokenLimitsAreChecked) {
  std::optional<ApiError> zero = CheckLimits(10, 0, 0, 8192);
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->message, "max_tokens must be at least 1, got 0.");
  std::optional<ApiError> min = CheckLimits(10, 5, 6, 8192);
  ASSERT_TRUE(min.has_value());
  EXPECT_EQ(min->message,
            "min_tokens must be less than or equal to max_tokens=5, got 6.");
}

TEST(RequestTest, ErrorBodyHasVllmsShape) {
  EXPECT_EQ(
      ErrorBody(BadRequest("bad")),
      R"({"object":"error","message":"bad","type":"BadRequestError","param":null,"code":400})");
  EXPECT_EQ(
      ErrorBody(ModelNotFound("x")),
      R"({"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":"model","code":404})");
  ApiError starting = StartingUp(30);
  EXPECT_EQ(starting.status, 503);
  EXPECT_THAT(ErrorBody(starting), HasSubstr(R"("code":503)"));
  EXPECT_EQ(DetailBody("Not Found"), R"({"detail":"Not Found"})");
}

TEST(RequestTest, ParsesTokenizeRequests) {
  Result<TokenizeRequest> prompt = ParseTokenizeRequest(
      R"({"model":"m","prompt":"test","add_special_tokens":false})");
  ASSERT_TRUE(prompt.ok()) << prompt.error();
  EXPECT_FALSE(prompt->is_chat);
  EXPECT_EQ(prompt->prompt, "test");
  EXPECT_FALSE(prompt->add_special_tokens);

  Result<TokenizeRequest> chat = ParseTokenizeRequest(
      R"({"messages":[{"role":"user","content":"x"}],"add_generation_prompt":false})");
  ASSERT_TRUE(chat.ok()) << chat.error();
  EXPECT_TRUE(chat->is_chat);
  EXPECT_FALSE(chat->add_generation_prompt);

  Result<TokenizeRequest> neither = ParseTokenizeRequest(R"({"model":"m"})");
  ASSERT_FALSE(neither.ok());
  EXPECT_THAT(neither.error(), HasSubstr("'prompt' or field 'messages'"));
}

TEST(RequestTest, RejectedFieldsNameTheField) {
  std::optional<ApiError> error = CheckRejectedFields(
      R"({"messages":[],"min_tokens":null})", {"ignore_eos", "min_tokens"});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status, 400);
  EXPECT_EQ(error->type, "BadRequestError");
  EXPECT_EQ(error->message, "min_tokens is not supported");
  EXPECT_EQ(error->param, "min_tokens");
  EXPECT_FALSE(CheckRejectedFields(R"({"messages":[]})", {"min_tokens"}));
  EXPECT_FALSE(CheckRejectedFields(R"({"min_tokens":1})", {}));
  EXPECT_FALSE(CheckRejectedFields("not json", {"min_tokens"}));
}

TEST(RequestTest, ReturnTokenIdsIsParsed) {
  Result<CompletionRequest> r = ParseCompletionRequest(
      Endpoint::kCompletions, R"({"prompt":"x","return_token_ids":true})");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r->return_token_ids);
  EXPECT_FALSE(ParseCompletionRequest(Endpoint::kCompletions,
                                      R"({"prompt":"x","return_token_ids":1})")
                   .ok());
}

}  // namespace
}  // namespace servebench::sim
