// What a client sees for each injected fault (--fault): status codes, bytes,
// closed or reset connections and stalls, over real HTTP through libcurl.
//
// Timing assertions are lower bounds from the configured stall plus a very
// generous upper bound, as in server_test.cc.
#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/config.h"
#include "tools/sim/fault.h"
#include "tools/sim/server.h"
#include "tools/sim/test_answer.h"
#include "tools/sim/test_http_client.h"
#include "tools/sim/test_json.h"
#include "tools/sim/test_server.h"

namespace servebench::sim {
namespace {

using testing::AnswersWith;
using ::testing::HasSubstr;
using testing::JsonShows;
using testing::MsBetween;
using ::testing::Not;
using testing::ParseJson;
using testing::Show;
using testing::SseResponse;
using testing::TestClock;
using testing::TestHttpClient;

constexpr double kStallS = 0.4;
constexpr double kSlackMs = 5000;
constexpr int kTokens = 10;

// Every request generates exactly kTokens tokens.
const std::string kStreamBody =
    testing::ChatBody("hi", kTokens, testing::kExactStreamWithUsage);
const std::string kPlainBody =
    testing::ChatBody("hi", kTokens, testing::kExactTokens);

SimConfig FaultConfig(FaultKind kind) {
  return {.ttft_base_ms = 1,
          .prefill_us_per_token = 0,
          .tpot_ms = 2,
          .fault = kind,
          .fault_every = 1,
          .fault_stall_s = kStallS};
}

// A server whose every completion request gets `kind`, and a client of it.
class FaultServer : public testing::TestServer {
 public:
  explicit FaultServer(FaultKind kind) : FaultServer(FaultConfig(kind)) {}
  explicit FaultServer(const SimConfig& config) : TestServer(config) {}

  std::string Chat() const { return Url("/v1/chat/completions"); }

  // A chat stream, whatever becomes of the transfer.
  SseResponse StreamChat(const std::string& body = kStreamBody) {
    return client_.PostStreamRaw(Chat(), body);
  }
  Result<testing::HttpResponse> PostChat(const std::string& body = kPlainBody) {
    return client_.Post(Chat(), body);
  }
  Result<testing::HttpResponse> Get(std::string_view path) {
    return client_.Get(Url(path));
  }
  TestHttpClient& client() { return client_; }

 private:
  TestHttpClient client_;
};

// Token chunks (those with a "choices" entry with a delta) in `r`.
int ContentChunks(const SseResponse& r) {
  int count = 0;
  for (const auto& event : r.events) {
    rapidjson::Document doc = ParseJson(event.data);
    if (!doc.HasParseError() &&
        Show(doc, "/choices/0/delta/content") != "<missing>" &&
        Show(doc, "/choices/0/delta/role") == "<missing>") {
      ++count;
    }
  }
  return count;
}

// refuse closes the connection without a response, reset-before resets it.
TEST(SimServerFaultTest, RefuseAndResetBeforeSendNothing) {
  for (auto [kind, curl_code] :
       {std::pair{FaultKind::kRefuse, CURLE_GOT_NOTHING},
        std::pair{FaultKind::kResetBefore, CURLE_RECV_ERROR}}) {
    SCOPED_TRACE(FaultKindName(kind));
    FaultServer server(kind);
    SseResponse r = server.StreamChat();
    EXPECT_EQ(r.curl_code, curl_code) << r.curl_error;
    EXPECT_EQ(r.raw_body, "");
    // Other endpoints are not affected.
    Result<testing::HttpResponse> models = server.Get("/v1/models");
    ASSERT_TRUE(models.ok()) << models.error();
    EXPECT_EQ(models->status, 200);
  }
}

TEST(SimServerFaultTest, Http500And503HaveJsonBodies) {
  for (auto [kind, status] : {std::pair{FaultKind::kHttp500, 500},
                              std::pair{FaultKind::kHttp503, 503}}) {
    FaultServer server(kind);
    for (const std::string& body : {kStreamBody, kPlainBody}) {
      Result<testing::HttpResponse> r = server.PostChat(body);
      ASSERT_TRUE(r.ok()) << r.error();
      EXPECT_EQ(r->status, status);
      rapidjson::Document doc = ParseJson(r->body);
      EXPECT_EQ(Show(doc, "/object"), "error");
      EXPECT_EQ(Show(doc, "/code"), std::to_string(status));
      EXPECT_THAT(r->headers["content-type"], HasSubstr("application/json"));
    }
  }
}

TEST(SimServerFaultTest, Context400RegardlessOfLength) {
  FaultServer server(FaultKind::kContext400);
  // "hi" is 1 + 4 + 1 + 3 = 9 prompt tokens.
  EXPECT_THAT(
      server.PostChat(),
      AnswersWith(
          400,
          {{"/type", "BadRequestError"},
           {"/message",
            "This model's maximum context length is 8192 tokens. However, you "
            "requested 19 tokens (9 in the messages, 10 in the completion). "
            "Please reduce the length of the messages or completion."}}));
}

TEST(SimServerFaultTest, StallBeforeDelaysTheFirstByteThenStreamsNormally) {
  FaultServer server(FaultKind::kStallBefore);
  SseResponse r = server.StreamChat();
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  ASSERT_EQ(r.status, 200);
  ASSERT_FALSE(r.events.empty());
  EXPECT_GE(MsBetween(r.sent, r.events[0].arrived), kStallS * 1000);
  EXPECT_LE(MsBetween(r.sent, r.events[0].arrived), kStallS * 1000 + kSlackMs);
  EXPECT_EQ(ContentChunks(r), kTokens);
  EXPECT_EQ(r.events.back().data, "[DONE]");

  // Non-streaming requests are delayed by the stall as well.
  TestClock::time_point sent = TestClock::now();
  Result<testing::HttpResponse> plain = server.PostChat();
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_EQ(plain->status, 200);
  EXPECT_GE(MsBetween(sent, TestClock::now()), kStallS * 1000);
}

TEST(SimServerFaultTest, StallMidPausesAfterHalfTheTokens) {
  FaultServer server(FaultKind::kStallMid);
  SseResponse r = server.StreamChat();
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  // Events: role, 10 tokens, usage, [DONE]; token 5 is event 5.
  ASSERT_EQ(r.events.size(), 1u + kTokens + 2) << r.raw_body;
  // The gap between two client stamps is no lower bound: a late stamp on
  // token 5 shortens it (CI saw 398.6 ms for a 400 ms stall on a busy
  // machine). The server cannot send token 6 before the stall has passed
  // since the request was sent, so that is the lower bound checked.
  EXPECT_GE(MsBetween(r.sent, r.events[6].arrived), kStallS * 1000);
  const double gap = MsBetween(r.events[5].arrived, r.events[6].arrived);
  EXPECT_LE(gap, kStallS * 1000 + kSlackMs);
  EXPECT_LT(MsBetween(r.sent, r.events[5].arrived), kStallS * 1000)
      << "the stall came before half the tokens";
  EXPECT_EQ(r.events.back().data, "[DONE]");
}

TEST(SimServerFaultTest, DisconnectMidClosesAfterHalfTheTokens) {
  FaultServer server(FaultKind::kDisconnectMid);
  SseResponse r = server.StreamChat();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.curl_code, CURLE_PARTIAL_FILE) << r.curl_error;
  EXPECT_EQ(ContentChunks(r), kTokens / 2);
  EXPECT_THAT(r.raw_body, Not(HasSubstr("[DONE]")));

  Result<testing::HttpResponse> plain = server.PostChat();
  EXPECT_FALSE(plain.ok()) << "a non-streaming request gets no response";
}

TEST(SimServerFaultTest, ErrorEventEndsTheStreamWithoutDone) {
  FaultServer server(FaultKind::kErrorEvent);
  SseResponse r = server.StreamChat();
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(r.events.size(), 1u + kErrorEventAfterChunks + 1) << r.raw_body;
  EXPECT_THAT(r.events.back().data,
              JsonShows({{"/error/message", "simulated engine failure"},
                         {"/error/type", "InternalServerError"},
                         {"/error/code", "500"}}));
  EXPECT_EQ(ContentChunks(r), kErrorEventAfterChunks);
  EXPECT_THAT(r.raw_body, Not(HasSubstr("[DONE]")));
}

TEST(SimServerFaultTest, GarbageIsInvalidUtf8AndNotJsonMidStream) {
  FaultServer server(FaultKind::kGarbage);
  SseResponse r = server.StreamChat();
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  EXPECT_THAT(r.raw_body, HasSubstr("\xff\xfe\x80"));
  int not_json = 0;
  for (const auto& event : r.events) {
    if (event.data != "[DONE]" && ParseJson(event.data).HasParseError()) {
      ++not_json;
    }
  }
  EXPECT_EQ(not_json, 1);
  EXPECT_EQ(ContentChunks(r), kTokens);
  EXPECT_EQ(r.events.back().data, "[DONE]");
}

TEST(SimServerFaultTest, HugeLineIsTwentyMegabytesWithoutNewlineThenClose) {
  FaultServer server(FaultKind::kHugeLine);
  SseResponse r = server.StreamChat();
  EXPECT_EQ(r.curl_code, CURLE_PARTIAL_FILE) << r.curl_error;
  const size_t line = r.raw_body.rfind("data: ");
  ASSERT_NE(line, std::string::npos);
  EXPECT_EQ(r.raw_body.size() - line - 6, static_cast<size_t>(kHugeLineBytes));
  EXPECT_EQ(r.raw_body.find('\n', line), std::string::npos);
  EXPECT_EQ(ContentChunks(r), kTokens / 2);
}

TEST(SimServerFaultTest, NoUsageAndNoDone) {
  {
    FaultServer server(FaultKind::kNoUsage);
    SseResponse r = server.StreamChat();
    ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
    EXPECT_THAT(r.raw_body, Not(HasSubstr("\"usage\"")));
    EXPECT_EQ(r.events.back().data, "[DONE]");
    // A non-streaming response keeps its usage.
    Result<testing::HttpResponse> plain = server.PostChat();
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(Show(ParseJson(plain->body), "/usage/completion_tokens"), "10");
  }
  {
    FaultServer server(FaultKind::kNoDone);
    SseResponse r = server.StreamChat();
    ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
    EXPECT_THAT(r.raw_body, Not(HasSubstr("[DONE]")));
    EXPECT_EQ(Show(ParseJson(r.events.back().data), "/usage/completion_tokens"),
              "10");
  }
}

TEST(SimServerFaultTest, EveryNthCountsCompletionRequestsOnly) {
  SimConfig config = FaultConfig(FaultKind::kHttp503);
  config.fault_every = 3;
  FaultServer server(config);
  std::vector<long> statuses;
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(server.Get("/v1/models").ok());
    Result<testing::HttpResponse> r = server.PostChat();
    ASSERT_TRUE(r.ok()) << r.error();
    statuses.push_back(r->status);
  }
  EXPECT_THAT(statuses,
              ::testing::ElementsAre(200, 200, 503, 200, 200, 503, 200));
}

TEST(SimServerFaultTest, RateSelectsTheSeededRequests) {
  SimConfig config = FaultConfig(FaultKind::kHttp500);
  config.fault_every = 0;
  config.fault_rate = 0.5;
  FaultServer server(config);
  int faults = 0;
  for (uint64_t n = 1; n <= 20; ++n) {
    Result<testing::HttpResponse> r = server.PostChat();
    ASSERT_TRUE(r.ok()) << r.error();
    const bool expected = ShouldInjectFault(config, n);
    EXPECT_EQ(r->status, expected ? 500 : 200) << "request " << n;
    faults += expected;
  }
  EXPECT_GT(faults, 0);
  EXPECT_LT(faults, 20);
}

// Hostile answers: what a client hardened against a lying server must see.

TEST(SimServerHostileTest, NestedModelsAnswerIsExactAtTheDefaultDepth) {
  SimConfig config;
  config.models_nested = true;  // depth 100000 of arrays by default
  FaultServer server(config);
  Result<testing::HttpResponse> r = server.Get("/v1/models");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers["content-type"], "application/json");
  EXPECT_TRUE(r->body == R"({"object":"list","data":)" +
                             std::string(100000, '[') +
                             std::string(100000, ']') + "}")
      << "body of " << r->body.size() << " bytes starts "
      << r->body.substr(0, 60);
  // Generation is unaffected.
  Result<testing::HttpResponse> chat = server.PostChat();
  ASSERT_TRUE(chat.ok()) << chat.error();
  EXPECT_EQ(Show(ParseJson(chat->body), "/usage/completion_tokens"), "10");
}

TEST(SimServerHostileTest, NestedModelsAnswerOfObjects) {
  SimConfig config;
  config.models_nested = true;
  config.nesting_kind = NestingKind::kObject;
  config.nesting_depth = 4;
  FaultServer server(config);
  Result<testing::HttpResponse> r = server.Get("/v1/models");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->body, R"({"object":"list","data":{"a":{"a":{"a":{}}}}})");
}

TEST(SimServerHostileTest, AdvertisedMaxModelLenIsVerbatimAndNotEnforced) {
  for (const char* text : {"-5", "1e30", "0"}) {
    SCOPED_TRACE(text);
    SimConfig config = FaultConfig(FaultKind::kNone);
    config.fault_every = 0;
    config.max_model_len = 64;
    config.advertised_max_model_len = text;
    FaultServer server(config);
    Result<testing::HttpResponse> models = server.Get("/v1/models");
    ASSERT_TRUE(models.ok()) << models.error();
    EXPECT_THAT(models->body, HasSubstr(std::string(R"("max_model_len":)") +
                                        text + R"(,"permission")"));
    Result<testing::HttpResponse> tokenized =
        server.client().Post(server.Url("/tokenize"), R"({"prompt":"x"})");
    ASSERT_TRUE(tokenized.ok()) << tokenized.error();
    EXPECT_EQ(Show(ParseJson(tokenized->body), "/max_model_len"), "64");
    // The real limit: 9 prompt tokens + 10 fit in 64, + 60 do not.
    Result<testing::HttpResponse> fits = server.PostChat();
    ASSERT_TRUE(fits.ok()) << fits.error();
    EXPECT_EQ(fits->status, 200);
    Result<testing::HttpResponse> too_long = server.PostChat(
        R"({"messages":[{"role":"user","content":"hi"}],"max_tokens":60})");
    ASSERT_TRUE(too_long.ok()) << too_long.error();
    EXPECT_EQ(too_long->status, 400);
    EXPECT_THAT(Show(ParseJson(too_long->body), "/message"),
                HasSubstr("maximum context length is 64 tokens"));
  }
}

TEST(SimServerHostileTest, NestedEventAfterThreeChunksThenTheResponseEnds) {
  SimConfig config = FaultConfig(FaultKind::kNestedEvent);  // 100000 arrays
  FaultServer server(config);
  SseResponse r = server.StreamChat();
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  EXPECT_EQ(r.status, 200);
  // Role chunk, three token chunks, the nested event; no usage, no [DONE].
  ASSERT_EQ(r.events.size(), 1u + kErrorEventAfterChunks + 1);
  // Not parsed here: RapidJSON's recursive parser would overflow the stack.
  SseResponse before_nested = r;
  before_nested.events.pop_back();
  EXPECT_EQ(ContentChunks(before_nested), kErrorEventAfterChunks);
  EXPECT_TRUE(r.events.back().data ==
              std::string(100000, '[') + std::string(100000, ']'))
      << "last event of " << r.events.back().data.size() << " bytes";
  EXPECT_THAT(r.raw_body, Not(HasSubstr("[DONE]")));
  EXPECT_THAT(r.raw_body, Not(HasSubstr("\"usage\"")));
  // The connection stays usable, as after any complete response.
  Result<testing::HttpResponse> next = server.Get("/health");
  ASSERT_TRUE(next.ok()) << next.error();
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(server.client().last_new_connections(), 0);
}

TEST(SimServerHostileTest, NestedEventOfObjects) {
  SimConfig config = FaultConfig(FaultKind::kNestedEvent);
  config.nesting_kind = NestingKind::kObject;
  config.nesting_depth = 3;
  FaultServer server(config);
  SseResponse r = server.StreamChat();
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.back().data, R"({"a":{"a":{}}})");
}

const std::string kContinuousBody =
    testing::ChatBody("hi", 16, testing::kExactStreamWithContinuousUsage);

TEST(SimServerHostileTest, InflatedUsageContradictsTheHonestChunks) {
  FaultServer server(FaultKind::kInflatedUsage);
  SseResponse r = server.StreamChat(kContinuousBody);
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  // Role, 16 tokens, usage, [DONE].
  ASSERT_EQ(r.events.size(), 1u + 16 + 2) << r.raw_body;
  for (int i = 1; i <= 16; ++i) {
    rapidjson::Document chunk = ParseJson(r.events[i].data);
    EXPECT_EQ(Show(chunk, "/usage/completion_tokens"), std::to_string(i));
    EXPECT_EQ(Show(chunk, "/usage/total_tokens"), std::to_string(9 + i));
  }
  EXPECT_THAT(r.events[17].data,
              JsonShows({{"/choices", "[]"},
                         {"/usage/completion_tokens", "16000"},
                         {"/usage/prompt_tokens", "9"},
                         {"/usage/total_tokens", "16009"}}));
  EXPECT_EQ(r.events.back().data, "[DONE]");
  EXPECT_EQ(ContentChunks(r), 16);
}

TEST(SimServerHostileTest, InflatedPromptUsageContradictsTokenize) {
  FaultServer server(FaultKind::kInflatedPromptUsage);
  Result<testing::HttpResponse> tokenized =
      server.client().Post(server.Url("/tokenize"),
                           R"({"messages":[{"role":"user","content":"hi"}]})");
  ASSERT_TRUE(tokenized.ok()) << tokenized.error();
  EXPECT_EQ(Show(ParseJson(tokenized->body), "/count"), "9");

  SseResponse r = server.StreamChat(kContinuousBody);
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  ASSERT_EQ(r.events.size(), 1u + 16 + 2) << r.raw_body;
  for (size_t i = 0; i + 1 < r.events.size(); ++i) {
    EXPECT_EQ(Show(ParseJson(r.events[i].data), "/usage/prompt_tokens"), "12")
        << "event " << i;
  }
  rapidjson::Document usage = ParseJson(r.events[17].data);
  EXPECT_EQ(Show(usage, "/usage/completion_tokens"), "16");
  EXPECT_EQ(Show(usage, "/usage/total_tokens"), "28");

  Result<testing::HttpResponse> plain = server.PostChat();
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_EQ(Show(ParseJson(plain->body), "/usage/prompt_tokens"), "12");
  EXPECT_EQ(Show(ParseJson(plain->body), "/usage/completion_tokens"), "10");
}

}  // namespace
}  // namespace servebench::sim
