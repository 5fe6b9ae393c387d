// trtllm-serve's OpenAI-compatible stream and response bodies
// (tensorrt_llm/serve/postprocess_handlers.py and openai_protocol.py):
// chat chunks are dumped with exclude_none (absent fields, not nulls), the
// role chunk's event ends in " \n\n", completions chunks and the final
// usage chunks are dumped whole (nulls included). Stream ids are
// "chatcmpl-<n>" / "cmpl-<n>", n the executor's request id.
#include "tools/sim/engine_chunks.h"

namespace servebench::sim::chunks {
namespace {

// UsageInfo with PromptTokensDetails(cached_tokens), always present.
void UsageObject(JsonWriter& w, const CompletionPlan& plan,
                 int64_t completion) {
  w.StartObject();
  UsageCounts(w, plan, completion);
  w.Key("prompt_tokens_details");
  CachedTokensDetails(w, plan);
  w.EndObject();
}

std::string ChatEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  const bool role = spec.kind == Kind::kRole;
  auto members = [&](JsonWriter& w) {
    Header(w, plan, "chat.completion.chunk");
    Choices(w, role || spec.kind == Kind::kToken, [&](JsonWriter& w) {
      KeyInt(w, "index", 0);
      KeyObject(w, "delta", [&](JsonWriter& w) {
        if (role) {
          KeyStr(w, "role", "assistant");
        } else {
          // Without a reasoning parser apply_reasoning_parser returns "" for
          // the reasoning text, which exclude_none keeps.
          const int64_t split = ReasoningSplit(plan, spec.begin, spec.end);
          KeyStr(w, "content", PlanText(plan, split, spec.end));
          KeyStr(w, "reasoning_content", PlanText(plan, spec.begin, split));
        }
      });
      if (spec.has_last_token) KeyFinishReason(w, plan, true);
    });
    if (spec.kind == Kind::kUsage) {
      w.Key("usage");
      UsageObject(w, plan, plan.reported_completion_tokens);
    } else if (plan.continuous_usage) {
      w.Key("usage");
      UsageObject(w, plan, spec.kind == Kind::kToken ? spec.end : 0);
    }
  };
  return JsonEvent(members, role ? " \n\n" : "\n\n");
}

std::string CompletionEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  return JsonEvent([&](JsonWriter& w) {
    Header(w, plan, "text_completion");
    Choices(w, spec.kind == Kind::kToken, [&](JsonWriter& w) {
      KeyInt(w, "index", 0);
      KeyStr(w, "text", PlanText(plan, spec.begin, spec.end));
      KeyNull(w, "token_ids");
      KeyNull(w, "logprobs");
      KeyFinishReason(w, plan, spec.has_last_token);
      KeyNull(w, "stop_reason");
      KeyNull(w, "avg_decoded_tokens_per_iter");
    });
    w.Key("usage");
    if (spec.kind == Kind::kUsage) {
      UsageObject(w, plan, plan.reported_completion_tokens);
    } else if (plan.continuous_usage) {
      UsageObject(w, plan, spec.end);
    } else {
      w.Null();
    }
  });
}

}  // namespace

std::string TrtllmEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  return EventForEndpoint(plan, spec, ChatEvent, CompletionEvent);
}

// A subset of the full model_dump(): the fields a client reads. The real
// body also carries null fields this simulator does not reproduce
// (tools/sim/README.md).
std::string TrtllmFullBody(const CompletionPlan& plan) {
  return JsonObject([&](JsonWriter& w) {
    FullResponseChoice(
        w, plan,
        [](JsonWriter& w, const ChatText& text) {
          KeyStr(w, "content", text.answer);
          KeyStr(w, "reasoning_content", text.reasoning);
        },
        [&](JsonWriter& w) {
          KeyFinishReason(w, plan, true);
          KeyNull(w, "stop_reason");
        });
    w.Key("usage");
    UsageObject(w, plan, plan.reported_completion_tokens);
  });
}

}  // namespace servebench::sim::chunks
