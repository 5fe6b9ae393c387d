// Tests completion planning and the exact vLLM chunk sequence of streams.
#include "tools/sim/completion.h"

#include <chrono>
#include <regex>
#include <string>
#include <variant>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/config.h"
#include "tools/sim/request.h"
#include "tools/sim/test_json.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

using std::chrono::milliseconds;
using testing::JsonShows;
using testing::ParseJson;
using testing::Show;
using Kind = StreamEvent::Kind;

SimConfig TestConfig() {
  SimConfig config;
  config.model = "sim-model";
  config.ttft_base_ms = 100;
  config.prefill_us_per_token = 0;
  config.tpot_ms = 10;
  return config;
}

// TestConfig() in which every request without ignore_eos stops early.
SimConfig Stopping() {
  SimConfig config = TestConfig();
  config.early_stop_fraction = 1.0;
  return config;
}

CompletionPlan Plan(Endpoint endpoint, std::string_view body,
                    const SimConfig& config = TestConfig()) {
  Result<CompletionRequest> request = ParseCompletionRequest(endpoint, body);
  EXPECT_TRUE(request.ok()) << request.error();
  if (!request.ok()) return {};
  OrApiError<CompletionPlan> plan = PlanCompletion(*request, config, 0, 1700);
  if (const ApiError* error = std::get_if<ApiError>(&plan)) {
    ADD_FAILURE() << "planning failed: " << error->message;
    return {};
  }
  return std::get<CompletionPlan>(plan);
}

std::vector<StreamEvent> Events(const CompletionPlan& plan) {
  std::vector<StreamEvent> events;
  for (size_t i = 0; i < StreamEventCount(plan); ++i) {
    events.push_back(StreamEventAt(plan, i));
  }
  return events;
}

// The JSON text of a "data: {...}\n\n" event.
std::string Payload(const StreamEvent& event) {
  const std::string& b = event.bytes;
  EXPECT_EQ(b.substr(0, 6), "data: ");
  EXPECT_EQ(b.substr(b.size() - 2), "\n\n");
  return b.substr(6, b.size() - 8);
}

rapidjson::Document EventJson(const StreamEvent& event) {
  return ParseJson(Payload(event));
}

constexpr std::string_view kChatStream = R"({"model":"sim-model",
    "messages":[{"role":"user","content":"hello there"}], "max_tokens":4,
    "ignore_eos":true, "stream":true, "stream_options":{"include_usage":true}})";

TEST(CompletionTest, ChatStreamIsRoleTokensUsageDone) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kChatStream);
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 1u + 4 + 1 + 1);

  EXPECT_EQ(events[0].kind, Kind::kRole);
  rapidjson::Document role = EventJson(events[0]);
  EXPECT_THAT(
      Payload(events[0]),
      JsonShows({{"/object", "chat.completion.chunk"},
                 {"/model", "sim-model"},
                 {"/created", "1700"},
                 {"/choices/0/delta", R"({"role":"assistant","content":""})"},
                 {"/choices/0/finish_reason", "null"},
                 {"/usage", "<missing>"}}));

  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(events[i].kind, Kind::kToken);
    EXPECT_EQ(events[i].token_index, i - 1);
    EXPECT_THAT(
        Payload(events[i]),
        JsonShows({{"/id", plan.id},
                   {"/choices/0/index", "0"},
                   {"/choices/0/delta/content",
                    std::string(plan.generation.token_texts[i - 1])},
                   {"/choices/0/delta/role", "<missing>"},
                   {"/choices/0/logprobs", "null"},
                   {"/choices/0/finish_reason", i == 4 ? "length" : "null"},
                   {"/choices/0/stop_reason", i == 4 ? "null" : "<missing>"}}));
  }

  EXPECT_EQ(events[5].kind, Kind::kUsage);
  rapidjson::Document usage = EventJson(events[5]);
  EXPECT_EQ(Show(usage, "/choices"), "[]");
  EXPECT_EQ(
      Show(usage, "/usage"),
      R"({"prompt_tokens":10,"total_tokens":14,"completion_tokens":4,"prompt_tokens_details":null})");

  EXPECT_EQ(events[6].kind, Kind::kDone);
  EXPECT_EQ(events[6].bytes, "data: [DONE]\n\n");
}

TEST(CompletionTest, ChunkKeysAreInVllmsOrder) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kChatStream);
  std::string first_token = StreamEventAt(plan, 1).bytes;
  std::regex shape(
      R"(^data: \{"id":"chatcmpl-[0-9a-f]{32}","object":"chat.completion.chunk","created":1700,"model":"sim-model","choices":\[\{"index":0,"delta":\{"content":" [a-zA-Z]+"\},"logprobs":null,"finish_reason":null\}\]\}\n\n$)");
  EXPECT_TRUE(std::regex_match(first_token, shape)) << first_token;
}

TEST(CompletionTest, EventsAreDueOnTheTimingModelsSchedule) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kChatStream);
  std::vector<StreamEvent> events = Events(plan);
  EXPECT_EQ(events[0].at, milliseconds(100));  // role with the first token
  EXPECT_EQ(events[1].at, milliseconds(100));
  EXPECT_EQ(events[2].at, milliseconds(110));
  EXPECT_EQ(events[4].at, milliseconds(130));
  EXPECT_EQ(events[5].at, milliseconds(130));  // usage and [DONE] at once
  EXPECT_EQ(events[6].at, milliseconds(130));
  EXPECT_EQ(FullResponseDelay(plan), milliseconds(130));
}

TEST(CompletionTest, RoleChunkCanPrecedePrefill) {
  SimConfig config = TestConfig();
  config.role_chunk = RoleChunk::kBeforePrefill;
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kChatStream, config);
  EXPECT_EQ(StreamEventAt(plan, 0).kind, Kind::kRole);
  EXPECT_EQ(StreamEventAt(plan, 0).at, milliseconds(0));
  EXPECT_EQ(StreamEventAt(plan, 1).at, milliseconds(100));
}

TEST(CompletionTest, ContinuousUsageIsOnEveryChunk) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, R"({
      "messages":[{"role":"user","content":"a"}], "max_tokens":3,
      "ignore_eos":true, "stream":true,
      "stream_options":{"include_usage":true,"continuous_usage_stats":true}})");
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 6u);
  for (int i = 0; i <= 3; ++i) {
    EXPECT_THAT(Payload(events[i]),
                JsonShows({{"/usage/prompt_tokens", "9"},
                           {"/usage/completion_tokens", std::to_string(i)},
                           {"/usage/total_tokens", std::to_string(9 + i)}}));
  }
  EXPECT_EQ(Show(EventJson(events[4]), "/usage/completion_tokens"), "3");
}

TEST(CompletionTest, WithoutIncludeUsageThereIsNoUsageChunk) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, R"({
      "messages":[{"role":"user","content":"a"}], "max_tokens":2,
      "ignore_eos":true, "stream":true})");
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2].kind, Kind::kToken);
  EXPECT_EQ(events[3].kind, Kind::kDone);
  EXPECT_EQ(events[3].bytes.find("usage"), std::string::npos);
}

TEST(CompletionTest, CompletionsStreamHasNoRoleChunk) {
  CompletionPlan plan = Plan(Endpoint::kCompletions, R"({"prompt":"x y",
      "max_tokens":2, "ignore_eos":true, "stream":true,
      "stream_options":{"include_usage":true}})");
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 2u + 1 + 1);
  rapidjson::Document first = EventJson(events[0]);
  EXPECT_TRUE(
      std::regex_match(Show(first, "/id"), std::regex("cmpl-[0-9a-f]{32}")));
  EXPECT_EQ(Show(first, "/object"), "text_completion");
  EXPECT_EQ(Show(first, "/choices/0/text"), plan.generation.token_texts[0]);
  EXPECT_EQ(Show(first, "/choices/0/finish_reason"), "null");
  EXPECT_EQ(Show(first, "/choices/0/stop_reason"), "null");
  EXPECT_EQ(Show(EventJson(events[1]), "/choices/0/finish_reason"), "length");
  EXPECT_EQ(Show(EventJson(events[2]), "/usage/completion_tokens"), "2");
  EXPECT_EQ(Show(EventJson(events[2]), "/usage/prompt_tokens"), "3");
}

TEST(CompletionTest, NaturalStopEndsWithEmptyStopChunk) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, R"({
      "messages":[{"role":"user","content":"a"}], "max_tokens":40,
      "stream":true, "stream_options":{"include_usage":true}})",
                             Stopping());
  ASSERT_EQ(plan.generation.finish, FinishReason::kStop);
  const int64_t n = plan.completion_tokens();
  EXPECT_GE(n, 20);
  EXPECT_LE(n, 40);
  rapidjson::Document last = EventJson(StreamEventAt(plan, n));  // after role
  EXPECT_EQ(Show(last, "/choices/0/delta"), R"({"content":""})");
  EXPECT_EQ(Show(last, "/choices/0/finish_reason"), "stop");
  EXPECT_EQ(
      Show(EventJson(StreamEventAt(plan, n + 1)), "/usage/completion_tokens"),
      std::to_string(n));
}

TEST(CompletionTest, FullChatResponse) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, R"({
      "messages":[{"role":"user","content":"a"}], "max_tokens":3,
      "ignore_eos":true})");
  EXPECT_THAT(
      FullResponseBody(plan),
      JsonShows(
          {{"/object", "chat.completion"},
           {"/choices/0/message/role", "assistant"},
           {"/choices/0/message/content",
            std::string(plan.generation.token_texts[0]) +
                std::string(plan.generation.token_texts[1]) +
                std::string(plan.generation.token_texts[2])},
           {"/choices/0/finish_reason", "length"},
           {"/usage",
            R"({"prompt_tokens":9,"total_tokens":12,"completion_tokens":3,"prompt_tokens_details":null})"}}));
}

TEST(CompletionTest, FullTextCompletionResponse) {
  CompletionPlan plan =
      Plan(Endpoint::kCompletions,
           R"({"prompt":"a b","max_tokens":2,"ignore_eos":true})");
  EXPECT_THAT(FullResponseBody(plan),
              JsonShows({{"/object", "text_completion"},
                         {"/choices/0/stop_reason", "null"},
                         {"/usage/total_tokens", "5"}}));
}

TEST(CompletionTest, DefaultMaxTokensIsSixteen) {
  SimConfig config = TestConfig();
  config.early_stop_fraction = 0;
  CompletionPlan plan =
      Plan(Endpoint::kCompletions, R"({"prompt":"a"})", config);
  EXPECT_EQ(plan.completion_tokens(), 16);
}

TEST(CompletionTest, SameRequestGetsSameTextButItsOwnId) {
  Result<CompletionRequest> request =
      ParseCompletionRequest(Endpoint::kCompletions, R"({"prompt":"a b c"})");
  ASSERT_TRUE(request.ok());
  auto a =
      std::get<CompletionPlan>(PlanCompletion(*request, TestConfig(), 1, 0));
  auto b =
      std::get<CompletionPlan>(PlanCompletion(*request, TestConfig(), 2, 0));
  EXPECT_EQ(a.generation.token_texts, b.generation.token_texts);
  EXPECT_NE(a.id, b.id);
}

TEST(CompletionTest, PlanningRejectsWrongModelAndOverLength) {
  SimConfig config = TestConfig();
  config.max_model_len = 20;
  auto error_of = [&](std::string_view body) {
    Result<CompletionRequest> r =
        ParseCompletionRequest(Endpoint::kChatCompletions, body);
    EXPECT_TRUE(r.ok());
    OrApiError<CompletionPlan> plan = PlanCompletion(*r, config, 0, 0);
    return std::holds_alternative<ApiError>(plan) ? std::get<ApiError>(plan)
                                                  : ApiError{.status = 0};
  };
  EXPECT_EQ(
      error_of(
          R"({"model":"other","messages":[{"role":"user","content":"a"}]})")
          .status,
      404);
  ApiError too_long = error_of(
      R"({"messages":[{"role":"user","content":"a"}],"max_tokens":12})");
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(too_long.message,
            "This model's maximum context length is 20 tokens. However, you "
            "requested 21 tokens (9 in the messages, 12 in the completion). "
            "Please reduce the length of the messages or completion.");
}

// Optional modes.

constexpr std::string_view kLongChatStream = R"({
    "messages":[{"role":"user","content":"a b c"}], "max_tokens":50,
    "ignore_eos":true, "stream":true,
    "stream_options":{"include_usage":true,"continuous_usage_stats":true}})";

TEST(CompletionTest, SpecModeChunksCarryWholeStepsWithTokenIds) {
  SimConfig config = TestConfig();
  config.spec_tokens = 3;
  config.spec_acceptance = 0.6;
  CompletionPlan plan =
      Plan(Endpoint::kChatCompletions, kLongChatStream, config);
  ASSERT_EQ(plan.completion_tokens(), 50);
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 1 + plan.step_sizes.size() + 2);
  EXPECT_LT(plan.step_sizes.size(), 50u) << "no step had more than 1 token";
  int64_t so_far = 0;
  for (size_t s = 0; s < plan.step_sizes.size(); ++s) {
    const StreamEvent& event = events[s + 1];
    ASSERT_EQ(event.kind, Kind::kToken);
    EXPECT_EQ(event.token_index, so_far);
    EXPECT_EQ(event.token_count, plan.step_sizes[s]);
    // One tpot per step, whatever its size.
    EXPECT_EQ(event.at, milliseconds(100 + 10 * static_cast<int>(s)));
    rapidjson::Document chunk = EventJson(event);
    std::string words;
    std::string ids = "[";
    for (int64_t t = so_far; t < so_far + plan.step_sizes[s]; ++t) {
      words += plan.generation.token_texts[t];
      ids += (t > so_far ? "," : "") + std::to_string(plan.token_ids[t]);
    }
    EXPECT_EQ(Show(chunk, "/choices/0/delta/content"), words);
    EXPECT_EQ(Show(chunk, "/choices/0/token_ids"), ids + "]");
    so_far += plan.step_sizes[s];
    EXPECT_EQ(Show(chunk, "/usage/completion_tokens"), std::to_string(so_far));
  }
  EXPECT_EQ(so_far, 50);
  EXPECT_EQ(plan.spec.drafts, static_cast<int64_t>(plan.step_sizes.size()));
  EXPECT_EQ(plan.spec.drafts + plan.spec.accepted, 50);
  EXPECT_EQ(plan.spec.draft_tokens, 3 * plan.spec.drafts);
  EXPECT_EQ(FullResponseDelay(plan),
            milliseconds(100 + 10 * (plan.step_sizes.size() - 1)));
}

TEST(CompletionTest, SpecModeNeverExceedsMaxTokens) {
  SimConfig config = TestConfig();
  config.spec_tokens = 4;
  config.spec_acceptance = 1.0;
  CompletionPlan plan = Plan(Endpoint::kCompletions, R"({"prompt":"x",
      "max_tokens":7, "ignore_eos":true, "stream":true})",
                             config);
  EXPECT_THAT(plan.step_sizes, ::testing::ElementsAre(5, 2));
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(Show(EventJson(events[1]), "/choices/0/finish_reason"), "length");
}

TEST(CompletionTest, TokenIdsOnRequestAndEosIsEotId) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, R"({
      "messages":[{"role":"user","content":"a"}], "max_tokens":6,
      "stream":true, "return_token_ids":true})",
                             Stopping());
  ASSERT_EQ(plan.generation.finish, FinishReason::kStop);
  std::vector<StreamEvent> events = Events(plan);
  EXPECT_EQ(Show(EventJson(events[0]), "/choices/0/token_ids"), "<missing>");
  rapidjson::Document first = EventJson(events[1]);
  EXPECT_EQ(Show(first, "/choices/0/token_ids"),
            "[" + std::to_string(plan.token_ids[0]) + "]");
  EXPECT_EQ(plan.token_ids.back(), kEndOfTurnId);
  // Without the option, no token ids (the default shape is unchanged).
  CompletionPlan plain = Plan(Endpoint::kChatCompletions, kChatStream);
  EXPECT_EQ(StreamEventAt(plain, 1).bytes.find("token_ids"), std::string::npos);
}

TEST(CompletionTest, ReasoningTokensComeFirstInTheReasoningField) {
  SimConfig config = TestConfig();
  config.reasoning_tokens = 3;
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kChatStream, config);
  std::vector<StreamEvent> events = Events(plan);
  for (int i = 1; i <= 4; ++i) {
    rapidjson::Document chunk = EventJson(events[i]);
    const std::string word(plan.generation.token_texts[i - 1]);
    if (i <= 3) {
      EXPECT_EQ(Show(chunk, "/choices/0/delta"),
                R"({"reasoning_content":")" + word + R"("})");
    } else {
      EXPECT_EQ(Show(chunk, "/choices/0/delta"),
                R"({"content":")" + word + R"("})");
    }
  }
  // Time to first content = TTFT + R * tpot.
  EXPECT_EQ(events[4].at, milliseconds(100 + 3 * 10));
  EXPECT_EQ(Show(EventJson(events[5]), "/usage/completion_tokens"), "4");

  rapidjson::Document full = ParseJson(FullResponseBody(plan));
  const auto& t = plan.generation.token_texts;
  EXPECT_EQ(Show(full, "/choices/0/message/reasoning_content"),
            std::string(t[0]) + std::string(t[1]) + std::string(t[2]));
  EXPECT_EQ(Show(full, "/choices/0/message/content"), std::string(t[3]));
}

TEST(CompletionTest, ReasoningFieldChoicesAndStraddlingChunks) {
  SimConfig config = TestConfig();
  config.reasoning_tokens = 2;
  config.reasoning_field = ReasoningField::kBoth;
  config.spec_tokens = 2;
  config.spec_acceptance = 1.0;  // steps of 3 tokens: 0-2, 3
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kChatStream, config);
  ASSERT_THAT(plan.step_sizes, ::testing::ElementsAre(3, 1));
  const auto& t = plan.generation.token_texts;
  const std::string thinking = std::string(t[0]) + std::string(t[1]);
  EXPECT_EQ(Show(EventJson(StreamEventAt(plan, 1)), "/choices/0/delta"),
            R"({"reasoning":")" + thinking + R"(","reasoning_content":")" +
                thinking + R"(","content":")" + std::string(t[2]) + R"("})");

  config.reasoning_field = ReasoningField::kReasoning;
  config.spec_tokens = 0;
  CompletionPlan newer = Plan(Endpoint::kChatCompletions, kChatStream, config);
  EXPECT_EQ(Show(EventJson(StreamEventAt(newer, 1)), "/choices/0/delta"),
            R"({"reasoning":")" + std::string(newer.generation.token_texts[0]) +
                R"("})");
}

TEST(CompletionTest, ReasoningDoesNotApplyToTextCompletions) {
  SimConfig config = TestConfig();
  config.reasoning_tokens = 3;
  CompletionPlan plan = Plan(Endpoint::kCompletions, R"({"prompt":"x",
      "max_tokens":4, "ignore_eos":true, "stream":true})",
                             config);
  EXPECT_EQ(plan.reasoning_tokens, 0);
  EXPECT_EQ(Show(EventJson(StreamEventAt(plan, 0)), "/choices/0/text"),
            plan.generation.token_texts[0]);
}

TEST(CompletionTest, PrefixCacheReportsCachedTokensAndSkipsTheirPrefill) {
  SimConfig config = TestConfig();
  config.prefix_cache_tokens = 10000;
  config.prefill_us_per_token = 1000;  // 1 ms per uncached prompt token
  PrefixCache cache(config.prefix_cache_tokens);
  // 40 words + 8 template tokens = 48 prompt tokens... plus one more word.
  std::string words;
  for (int i = 0; i < 41; ++i) words += " w";
  const std::string body = R"({"messages":[{"role":"user","content":")" +
                           words + R"("}],"max_tokens":2,"ignore_eos":true})";
  Result<CompletionRequest> request =
      ParseCompletionRequest(Endpoint::kChatCompletions, body);
  ASSERT_TRUE(request.ok());

  // Off: details stay null and the cache is not consulted.
  CompletionPlan off = std::get<CompletionPlan>(
      PlanCompletion(*request, config, 0, 1700, &cache));
  EXPECT_EQ(off.prompt_tokens, 49);
  EXPECT_EQ(
      Show(ParseJson(FullResponseBody(off)), "/usage/prompt_tokens_details"),
      "null");

  config.prefix_cache = true;
  CompletionPlan first = std::get<CompletionPlan>(
      PlanCompletion(*request, config, 1, 1700, &cache));
  EXPECT_EQ(first.cached_tokens, 0);
  EXPECT_EQ(
      Show(ParseJson(FullResponseBody(first)), "/usage/prompt_tokens_details"),
      R"({"cached_tokens":0})");
  EXPECT_EQ(first.token_offsets[0], milliseconds(100 + 49));

  CompletionPlan second = std::get<CompletionPlan>(
      PlanCompletion(*request, config, 2, 1700, &cache));
  EXPECT_EQ(second.cached_tokens, 48);
  EXPECT_EQ(Show(ParseJson(FullResponseBody(second)),
                 "/usage/prompt_tokens_details/cached_tokens"),
            "48");
  EXPECT_EQ(second.token_offsets[0], milliseconds(100 + 1));
}

TEST(CompletionTest, IgnoreIgnoreEosStopsEarlyAnyway) {
  SimConfig config = Stopping();
  constexpr std::string_view kBody = R"({
      "messages":[{"role":"user","content":"a"}], "max_tokens":40,
      "ignore_eos":true})";
  EXPECT_EQ(Plan(Endpoint::kChatCompletions, kBody, config).generation.finish,
            FinishReason::kLength);
  config.ignore_ignore_eos = true;
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kBody, config);
  EXPECT_EQ(plan.generation.finish, FinishReason::kStop);
  EXPECT_LT(plan.completion_tokens(), 40 + 1);
}

constexpr std::string_view kContinuousStream = R"({
    "messages":[{"role":"user","content":"hello there"}], "max_tokens":16,
    "ignore_eos":true, "stream":true,
    "stream_options":{"include_usage":true,"continuous_usage_stats":true}})";

TEST(CompletionTest, InflatedUsageLiesOnlyInTheFinalUsage) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kContinuousStream);
  ApplyUsageFault(FaultKind::kInflatedUsage, plan);
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 1u + 16 + 1 + 1);
  for (int i = 1; i <= 16; ++i) {
    rapidjson::Document chunk = EventJson(events[i]);
    EXPECT_EQ(Show(chunk, "/usage/completion_tokens"), std::to_string(i));
    EXPECT_EQ(Show(chunk, "/usage/prompt_tokens"), "10");
  }
  EXPECT_THAT(Payload(events[17]),
              JsonShows({{"/usage/completion_tokens", "16000"},
                         {"/usage/prompt_tokens", "10"},
                         {"/usage/total_tokens", "16010"}}));
  EXPECT_EQ(plan.completion_tokens(), 16) << "generation stays honest";
}

TEST(CompletionTest, InflatedUsageLeavesNonStreamingResponsesAlone) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, R"({
      "messages":[{"role":"user","content":"hi"}], "max_tokens":16,
      "ignore_eos":true})");
  ApplyUsageFault(FaultKind::kInflatedUsage, plan);
  EXPECT_EQ(Show(ParseJson(FullResponseBody(plan)), "/usage/completion_tokens"),
            "16");
}

TEST(CompletionTest, InflatedPromptUsageLiesInEveryUsage) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kContinuousStream);
  ApplyUsageFault(FaultKind::kInflatedPromptUsage, plan);
  ASSERT_EQ(plan.prompt_tokens, 10);
  std::vector<StreamEvent> events = Events(plan);
  ASSERT_EQ(events.size(), 1u + 16 + 1 + 1);
  for (size_t i = 0; i + 1 < events.size(); ++i) {
    rapidjson::Document chunk = EventJson(events[i]);
    EXPECT_EQ(Show(chunk, "/usage/prompt_tokens"), "13") << "event " << i;
  }
  rapidjson::Document usage = EventJson(events[17]);
  EXPECT_EQ(Show(usage, "/usage/completion_tokens"), "16");
  EXPECT_EQ(Show(usage, "/usage/total_tokens"), "29");
  rapidjson::Document full = ParseJson(FullResponseBody(plan));
  EXPECT_EQ(Show(full, "/usage/prompt_tokens"), "13");
}

TEST(CompletionTest, OtherFaultsLeaveUsageHonest) {
  CompletionPlan plan = Plan(Endpoint::kChatCompletions, kContinuousStream);
  const std::string before = StreamEventAt(plan, 17).bytes;
  ApplyUsageFault(FaultKind::kGarbage, plan);
  ApplyUsageFault(FaultKind::kNone, plan);
  EXPECT_EQ(StreamEventAt(plan, 17).bytes, before);
}

}  // namespace
}  // namespace servebench::sim
