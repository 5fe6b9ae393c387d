// The stream shapes of the SGLang, llama.cpp and TensorRT-LLM personalities:
// every event of representative streams, byte for byte against goldens in
// testdata/streams (reviewed against each engine's source, see
// tools/sim/README.md), and their JSON structure against the verbatim
// captures in testdata/fixtures where one exists.
#include "tools/sim/engine_stream.h"

#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "testing/files.h"
#include "testing/golden.h"
#include "tools/sim/completion.h"
#include "tools/sim/engine_errors.h"
#include "tools/sim/request.h"
#include "tools/sim/stream_renderer.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kCreated = 1757389182;

SimConfig Config(Engine engine) {
  return {.engine = engine,
          .model = "sim-model",
          .ttft_base_ms = 20,
          .prefill_us_per_token = 500,
          .tpot_ms = 10};
}

CompletionPlan Plan(const SimConfig& config, Endpoint endpoint,
                    const std::string& body) {
  Result<CompletionRequest> request = ParseCompletionRequest(endpoint, body);
  EXPECT_TRUE(request.ok()) << request.error();
  OrApiError<CompletionPlan> plan =
      PlanCompletion(*request, config, 7, kCreated);
  EXPECT_TRUE(std::holds_alternative<CompletionPlan>(plan));
  return std::get<CompletionPlan>(plan);
}

const char* KindName(StreamEvent::Kind kind) {
  switch (kind) {
    case StreamEvent::Kind::kRole:
      return "role";
    case StreamEvent::Kind::kToken:
      return "token";
    case StreamEvent::Kind::kFinish:
      return "finish";
    case StreamEvent::Kind::kUsage:
      return "usage";
    case StreamEvent::Kind::kDone:
      return "done";
  }
  return "?";
}

// Every event as "# <kind> at <us> us" and its bytes ("(nothing sent)" for
// an empty one).
std::string Transcript(const CompletionPlan& plan) {
  std::string out;
  const StreamRenderer renderer(plan);
  StreamEvent event;
  for (size_t i = 0; i < renderer.size(); ++i) {
    renderer.Render(i, event);
    out += "# " + std::string(KindName(event.kind)) + " at " +
           std::to_string(event.at.count() / 1000) + " us\n";
    out += event.bytes.empty() ? "(nothing sent)\n" : event.bytes;
  }
  return out;
}

std::string Golden(const std::string& name) {
  return "tools/sim/testdata/streams/" + name + ".sse";
}

constexpr std::string_view kChatStream =
    R"({"model":"sim-model","messages":[{"role":"user","content":"hello world"}],"max_tokens":3,"ignore_eos":true,"stream":true,"stream_options":{"include_usage":true}})";
constexpr std::string_view kChatStreamNoUsage =
    R"({"model":"sim-model","messages":[{"role":"user","content":"hello world"}],"max_tokens":3,"ignore_eos":true,"stream":true})";
constexpr std::string_view kChatContinuous =
    R"({"model":"sim-model","messages":[{"role":"user","content":"hello world"}],"max_tokens":2,"ignore_eos":true,"stream":true,"stream_options":{"include_usage":true,"continuous_usage_stats":true}})";
constexpr std::string_view kCompletionStream =
    R"({"model":"sim-model","prompt":"hello world","max_tokens":2,"ignore_eos":true,"stream":true})";
constexpr std::string_view kCompletionStreamUsage =
    R"({"model":"sim-model","prompt":"hello world","max_tokens":2,"ignore_eos":true,"stream":true,"stream_options":{"include_usage":true}})";

struct Case {
  const char* golden;
  Engine engine;
  Endpoint endpoint;
  std::string_view body;
};

class EngineStreamGoldenTest : public ::testing::TestWithParam<Case> {};

TEST_P(EngineStreamGoldenTest, MatchesGolden) {
  const Case& c = GetParam();
  const CompletionPlan plan =
      Plan(Config(c.engine), c.endpoint, std::string(c.body));
  EXPECT_TRUE(test::MatchesGolden(Transcript(plan), Golden(c.golden)));
}

const Case kGoldenCases[] = {
    {"sglang_chat", Engine::kSglang, Endpoint::kChatCompletions, kChatStream},
    {"sglang_chat_continuous", Engine::kSglang, Endpoint::kChatCompletions,
     kChatContinuous},
    {"sglang_completions", Engine::kSglang, Endpoint::kCompletions,
     kCompletionStreamUsage},
    {"llamacpp_chat", Engine::kLlamaCpp, Endpoint::kChatCompletions,
     kChatStream},
    {"llamacpp_chat_no_usage", Engine::kLlamaCpp, Endpoint::kChatCompletions,
     kChatStreamNoUsage},
    {"llamacpp_completions", Engine::kLlamaCpp, Endpoint::kCompletions,
     kCompletionStreamUsage},
    {"trtllm_chat", Engine::kTrtllm, Endpoint::kChatCompletions, kChatStream},
    {"trtllm_chat_continuous", Engine::kTrtllm, Endpoint::kChatCompletions,
     kChatContinuous},
    {"trtllm_completions", Engine::kTrtllm, Endpoint::kCompletions,
     kCompletionStream},
};

INSTANTIATE_TEST_SUITE_P(Streams, EngineStreamGoldenTest,
                         ::testing::ValuesIn(kGoldenCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.golden);
                         });

// The renderer the server uses and the reference agree (they are the same
// code for these engines, but the server only ever calls the renderer).
TEST(EngineStreamTest, ReferenceRenderingEqualsRenderer) {
  for (Engine engine : {Engine::kSglang, Engine::kLlamaCpp, Engine::kTrtllm}) {
    const CompletionPlan plan = Plan(Config(engine), Endpoint::kChatCompletions,
                                     std::string(kChatContinuous));
    const StreamRenderer renderer(plan);
    ASSERT_EQ(renderer.size(), StreamEventCount(plan));
    StreamEvent event;
    for (size_t i = 0; i < renderer.size(); ++i) {
      renderer.Render(i, event);
      EXPECT_EQ(event.bytes, StreamEventAt(plan, i).bytes);
    }
  }
}

// A natural stop ends with an end-of-sequence token without text:
// SGLang and llama.cpp send nothing for it, TensorRT-LLM a chunk with
// empty content; every engine still counts it.
TEST(EngineStreamTest, EndOfSequenceStepWithoutText) {
  const std::string body =
      R"({"messages":[{"role":"user","content":"stop early"}],"max_tokens":4,"stream":true,"stream_options":{"include_usage":true}})";
  for (Engine engine : {Engine::kSglang, Engine::kLlamaCpp, Engine::kTrtllm}) {
    SimConfig config = Config(engine);
    config.early_stop_fraction = 1.0;
    const CompletionPlan plan = Plan(config, Endpoint::kChatCompletions, body);
    ASSERT_EQ(plan.generation.finish, FinishReason::kStop);
    const StreamRenderer renderer(plan);
    StreamEvent event;
    std::string last_token_bytes = "?";
    int64_t tokens = 0;
    for (size_t i = 0; i < renderer.size(); ++i) {
      renderer.Render(i, event);
      if (event.kind != StreamEvent::Kind::kToken) continue;
      tokens += event.token_count;
      last_token_bytes = event.bytes;
    }
    EXPECT_EQ(tokens, plan.completion_tokens());
    if (engine == Engine::kTrtllm) {
      EXPECT_THAT(last_token_bytes, HasSubstr(R"("delta":{"content":"")"));
      EXPECT_THAT(last_token_bytes, HasSubstr(R"("finish_reason":"stop")"));
    } else {
      EXPECT_EQ(last_token_bytes, "") << static_cast<int>(engine);
    }
  }
}

// --- Structure against the verbatim captures -------------------------------

// The JSON's keys in order with each value's type, values left out:
// {"a":1,"b":[{"c":null}]} -> {a:n,b:[{c:null}]}.
std::string Shape(const rapidjson::Value& v) {
  if (v.IsObject()) {
    std::string out = "{";
    bool first = true;
    for (const auto& m : v.GetObject()) {
      if (!first) out += ",";
      first = false;
      out += std::string(m.name.GetString()) + ":" + Shape(m.value);
    }
    return out + "}";
  }
  if (v.IsArray()) {
    std::string out = "[";
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (i > 0) out += ",";
      out += Shape(v[i]);
    }
    return out + "]";
  }
  if (v.IsString()) return "s";
  if (v.IsNumber()) return "n";
  if (v.IsBool()) return "b";
  return "null";
}

std::string ShapeOfEvent(std::string_view event) {
  EXPECT_THAT(std::string(event), StartsWith("data: "));
  rapidjson::Document doc;
  doc.Parse(event.data() + 6, event.size() - 6);
  EXPECT_FALSE(doc.HasParseError()) << event;
  return Shape(doc);
}

std::string FixturePath(const std::string& name) {
  return "tools/sim/testdata/fixtures/" + name;
}

// llama-server b6351's /v1/completions chunks (fixture
// llamacpp_completions_b6351.txt) and the simulator's: same keys, same
// order, same types.
TEST(EngineStreamFixtureTest, LlamaCppCompletionChunkHasTheCapturedShape) {
  const std::string fixture =
      test::ReadFileOrFail(FixturePath("llamacpp_completions_b6351.txt"));
  const std::string first_line = fixture.substr(0, fixture.find('\n'));
  const CompletionPlan plan =
      Plan(Config(Engine::kLlamaCpp), Endpoint::kCompletions,
           std::string(kCompletionStream));
  const StreamEvent token = StreamEventAt(plan, 0);
  ASSERT_EQ(token.kind, StreamEvent::Kind::kToken);
  EXPECT_EQ(ShapeOfEvent(token.bytes), ShapeOfEvent(first_line));
  EXPECT_THAT(plan.id, StartsWith("chatcmpl-"));  // as in the capture
  EXPECT_EQ(plan.id.size(), std::string("chatcmpl-").size() + 32);
}

// The "timings" keys of llama.cpp PR 15827's final chunk (fixture, pretty
// printed with an elision) in the same order.
TEST(EngineStreamFixtureTest, LlamaCppTimingsHaveTheCapturedKeys) {
  const std::string fixture = test::ReadFileOrFail(
      FixturePath("llamacpp_chat_final_chunk_timings_PARTIAL.txt"));
  const size_t open = fixture.find("\"timings\": {");
  ASSERT_NE(open, std::string::npos);
  const std::string block =
      fixture.substr(open, fixture.find('}', open) - open);
  std::vector<std::string> expected;
  const std::regex key("\"([a-z_]+)\": ");
  for (auto it = std::sregex_iterator(block.begin(), block.end(), key);
       it != std::sregex_iterator(); ++it) {
    expected.push_back((*it)[1]);
  }
  expected.erase(expected.begin());  // "timings" itself
  const CompletionPlan plan =
      Plan(Config(Engine::kLlamaCpp), Endpoint::kChatCompletions,
           std::string(kChatStream));
  StreamEvent usage = StreamEventAt(plan, StreamEventCount(plan) - 2);
  ASSERT_EQ(usage.kind, StreamEvent::Kind::kUsage);
  rapidjson::Document doc;
  doc.Parse(usage.bytes.data() + 6, usage.bytes.size() - 6);
  ASSERT_TRUE(doc.HasMember("timings"));
  std::vector<std::string> actual;
  for (const auto& m : doc["timings"].GetObject()) {
    actual.push_back(m.name.GetString());
  }
  EXPECT_EQ(actual, expected);
  // As in the capture, the last chunk of a chat stream has no choices.
  EXPECT_TRUE(doc["choices"].IsArray() && doc["choices"].Empty());
}

// SGLang's over-length error inside a 200 stream (fixture
// sglang_chat_error_in_stream_http200.txt, LiteLLM issue 25492): same
// structure, the same Python json.dumps spacing, the same wording.
TEST(EngineStreamFixtureTest, SglangStreamErrorHasTheCapturedForm) {
  const std::string fixture = test::ReadFileOrFail(
      FixturePath("sglang_chat_error_in_stream_http200.txt"));
  const std::string captured = fixture.substr(0, fixture.find('\n'));
  const ApiError error = SglangContextError(172830, 32000, 196608);
  ASSERT_TRUE(error.stream_event.has_value());
  EXPECT_EQ(*error.stream_event, captured + "\n\n");
  EXPECT_THAT(fixture, HasSubstr("data: [DONE]"));
}

}  // namespace
}  // namespace servebench::sim
