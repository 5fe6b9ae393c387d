// SGLang's OpenAI-compatible stream and response bodies, as its pydantic
// models serialise them (python/sglang/srt/entrypoints/openai/protocol.py,
// serving_chat.py, serving_completions.py): every declared field present,
// null when unset, compact JSON.
#include "tools/sim/engine_chunks.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim::chunks {
namespace {

// UsageInfo: prompt_tokens, total_tokens, completion_tokens,
// prompt_tokens_details (null: --enable-cache-report is off),
// reasoning_tokens.
void Usage(JsonWriter& w, const CompletionPlan& plan, int64_t completion) {
  w.StartObject();
  UsageCounts(w, plan, completion);
  KeyNull(w, "prompt_tokens_details");
  KeyInt(w, "reasoning_tokens", 0);
  w.EndObject();
}

void NullableText(JsonWriter& w, const char* key, const std::string* text) {
  if (text == nullptr) {
    KeyNull(w, key);
  } else {
    KeyStr(w, key, *text);
  }
}

// finish_reason, then matched_stop: the EOS token id when the request
// stopped on it.
void Finish(JsonWriter& w, const CompletionPlan& plan, bool finishing) {
  KeyFinishReason(w, plan, finishing);
  if (finishing && plan.generation.finish == FinishReason::kStop) {
    KeyInt(w, "matched_stop", kEndOfTurnId);
  } else {
    KeyNull(w, "matched_stop");
  }
}

// The chat delta: role, content, reasoning_content, tool_calls, null
// where the chunk has none.
void Delta(JsonWriter& w, const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  KeyObject(w, "delta", [&](JsonWriter& w) {
    if (spec.kind == Kind::kRole) {
      KeyStr(w, "role", "assistant");
      KeyStr(w, "content", "");
      KeyNull(w, "reasoning_content");
    } else if (spec.kind == Kind::kToken) {
      const int64_t split = ReasoningSplit(plan, spec.begin, spec.end);
      const std::string reasoning = PlanText(plan, spec.begin, split);
      const std::string content = PlanText(plan, split, spec.end);
      KeyNull(w, "role");
      NullableText(
          w, "content",
          split < spec.end || split == spec.begin ? &content : nullptr);
      NullableText(w, "reasoning_content",
                   split > spec.begin ? &reasoning : nullptr);
    } else {  // kFinish
      KeyNull(w, "role");
      KeyNull(w, "content");
      KeyNull(w, "reasoning_content");
    }
    KeyNull(w, "tool_calls");
  });
}

}  // namespace

std::string SglangEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  return JsonEvent([&](JsonWriter& w) {
    Header(w, plan, ChunkObject(plan));
    Choices(w, spec.kind != Kind::kUsage, [&](JsonWriter& w) {
      KeyInt(w, "index", 0);
      if (chat) {
        Delta(w, plan, spec);
      } else {
        KeyStr(w, "text", PlanText(plan, spec.begin, spec.end));
      }
      KeyNull(w, "logprobs");
      // Completions carry the finish reason on the last token's chunk; chat
      // on a chunk of its own after it.
      Finish(w, plan, chat ? spec.kind == Kind::kFinish : spec.has_last_token);
    });
    w.Key("usage");
    if (spec.kind == Kind::kUsage) {
      Usage(w, plan, plan.reported_completion_tokens);
    } else if (spec.kind == Kind::kToken && plan.continuous_usage_stats) {
      Usage(w, plan, spec.end);
    } else {
      w.Null();
    }
  });
}

std::string SglangFullBody(const CompletionPlan& plan) {
  return JsonObject([&](JsonWriter& w) {
    FullResponseChoice(
        w, plan,
        [](JsonWriter& w, const ChatText& text) {
          // serving_chat.py: content=text if text else None.
          NullableText(w, "content",
                       text.answer.empty() ? nullptr : &text.answer);
          NullableText(w, "reasoning_content",
                       text.reasoning.empty() ? nullptr : &text.reasoning);
          KeyNull(w, "tool_calls");
        },
        [&](JsonWriter& w) { Finish(w, plan, true); });
    w.Key("usage");
    Usage(w, plan, plan.reported_completion_tokens);
    KeyObject(w, "metadata",
              [&](JsonWriter& w) { KeyStr(w, "weight_version", "default"); });
  });
}

}  // namespace servebench::sim::chunks
