// The template renderer must produce exactly StreamEventAt's bytes, kinds and
// due times, in every mode a stream can be in.
#include "tools/sim/stream_renderer.h"

#include <string>
#include <variant>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/sim/config.h"
#include "tools/sim/request.h"

namespace servebench::sim {
namespace {

CompletionPlan Plan(Endpoint endpoint, const std::string& body,
                    const SimConfig& config, uint64_t index) {
  Result<CompletionRequest> request = ParseCompletionRequest(endpoint, body);
  EXPECT_TRUE(request.ok()) << request.error();
  if (!request.ok()) return {};
  OrApiError<CompletionPlan> plan =
      PlanCompletion(*request, config, index, 1700000000 + index);
  EXPECT_TRUE(std::holds_alternative<CompletionPlan>(plan)) << body;
  return std::holds_alternative<CompletionPlan>(plan)
             ? std::get<CompletionPlan>(std::move(plan))
             : CompletionPlan{};
}

// Compares every event of `plan`; returns how many were compared.
size_t ExpectSameAsReference(const CompletionPlan& plan,
                             const std::string& what) {
  StreamRenderer renderer(plan);
  EXPECT_EQ(renderer.size(), StreamEventCount(plan)) << what;
  StreamEvent fast;
  for (size_t i = 0; i < renderer.size(); ++i) {
    const StreamEvent reference = StreamEventAt(plan, i);
    renderer.Render(i, fast);
    EXPECT_EQ(fast.bytes, reference.bytes) << what << ", event " << i;
    EXPECT_EQ(fast.kind, reference.kind) << what << ", event " << i;
    EXPECT_EQ(fast.at, reference.at) << what << ", event " << i;
    EXPECT_EQ(fast.token_index, reference.token_index) << what << ", " << i;
    EXPECT_EQ(fast.token_count, reference.token_count) << what << ", " << i;
  }
  return renderer.size();
}

struct Mode {
  std::string name;
  SimConfig config;
};

std::vector<Mode> Modes() {
  std::vector<Mode> modes;
  SimConfig base;
  base.model = "sim \"model\"\t\\ ünïcode";  // exercises escaping
  modes.push_back({"default", base});
  SimConfig spec = base;
  spec.spec_tokens = 3;
  spec.spec_acceptance = 0.6;
  modes.push_back({"spec", spec});
  for (ReasoningField field :
       {ReasoningField::kReasoningContent, ReasoningField::kReasoning,
        ReasoningField::kBoth}) {
    SimConfig reasoning = spec;
    reasoning.reasoning_tokens = 5;
    reasoning.reasoning_field = field;
    modes.push_back(
        {"reasoning" + std::to_string(static_cast<int>(field)), reasoning});
  }
  SimConfig cache = base;
  cache.prefix_cache = true;
  modes.push_back({"prefix-cache", cache});
  SimConfig before = base;
  before.role_chunk = RoleChunk::kBeforePrefill;
  before.jitter_pct = 30;
  modes.push_back({"role-before-prefill+jitter", before});
  SimConfig stops = base;
  stops.early_stop_fraction = 1.0;
  modes.push_back({"early-stop", stops});
  return modes;
}

TEST(StreamRendererTest, MatchesTheReferenceInEveryMode) {
  const std::vector<std::string> options = {
      R"("stream":true)",
      R"("stream":true,"stream_options":{"include_usage":true})",
      R"("stream":true,"stream_options":{"include_usage":true,)"
      R"("continuous_usage_stats":true})",
      R"("stream":true,"return_token_ids":true,"stream_options":)"
      R"({"include_usage":true,"continuous_usage_stats":true})",
  };
  size_t compared = 0;
  uint64_t index = 0;
  for (const Mode& mode : Modes()) {
    for (const std::string& option : options) {
      for (int max_tokens : {1, 2, 7, 40}) {
        for (const char* ignore_eos : {"true", "false"}) {
          const std::string tail =
              R"(,"max_tokens":)" + std::to_string(max_tokens) +
              R"(,"ignore_eos":)" + ignore_eos + "," + option + "}";
          const std::string what = mode.name + " " + tail;
          CompletionPlan chat = Plan(
              Endpoint::kChatCompletions,
              R"({"messages":[{"role":"user","content":"tell me a story"}])" +
                  tail,
              mode.config, ++index);
          compared += ExpectSameAsReference(chat, "chat " + what);
          CompletionPlan text = Plan(Endpoint::kCompletions,
                                     R"({"prompt":"once upon a time")" + tail,
                                     mode.config, ++index);
          compared += ExpectSameAsReference(text, "completions " + what);
          for (FaultKind fault :
               {FaultKind::kInflatedUsage, FaultKind::kInflatedPromptUsage}) {
            ApplyUsageFault(fault, chat);
            compared += ExpectSameAsReference(chat, "lying chat " + what);
          }
        }
      }
    }
  }
  EXPECT_GT(compared, 5000u);
}

TEST(StreamRendererTest, EscapesExactlyAsRapidJson) {
  for (std::string_view text :
       {std::string_view("plain words"), std::string_view("quote \" here"),
        std::string_view("back\\slash"), std::string_view("tab\tnew\nline"),
        std::string_view("\x01\x1f\x7f"), std::string_view("ünïcode /"),
        std::string_view("")}) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    std::string ours;
    AppendJsonString(ours, text);
    EXPECT_EQ(ours, std::string(buffer.GetString(), buffer.GetSize()));
  }
}

}  // namespace
}  // namespace servebench::sim
