// vLLM's OpenAI server's stream and response bodies
// (vllm/entrypoints/openai/serving_chat.py, serving_completion.py and
// protocol.py), shapes as completion.h describes them.
#include "tools/sim/engine_chunks.h"

namespace servebench::sim::chunks {
namespace {

// The usage object; the final one carries prompt_tokens_details.
void Usage(JsonWriter& w, const CompletionPlan& plan, int64_t completion,
           bool with_details) {
  KeyObject(w, "usage", [&](JsonWriter& w) {
    UsageCounts(w, plan, completion);
    if (with_details) {
      w.Key("prompt_tokens_details");
      if (plan.report_cached_tokens) {
        CachedTokensDetails(w, plan);
      } else {
        w.Null();
      }
    }
  });
}

void Reasoning(JsonWriter& w, const CompletionPlan& plan,
               const std::string& text) {
  if (plan.reasoning_field != ReasoningField::kReasoningContent) {
    KeyStr(w, "reasoning", text);
  }
  if (plan.reasoning_field != ReasoningField::kReasoning) {
    KeyStr(w, "reasoning_content", text);
  }
}

void TokenIds(JsonWriter& w, const CompletionPlan& plan, int64_t begin,
              int64_t end) {
  w.Key("token_ids");
  w.StartArray();
  for (int64_t i = begin; i < end; ++i) w.Int(plan.token_ids[i]);
  w.EndArray();
}

// The delta of a chat chunk: the role chunk's, or the reasoning and
// content text of tokens [begin, end).
void Delta(JsonWriter& w, const CompletionPlan& plan, bool role, int64_t begin,
           int64_t end) {
  KeyObject(w, "delta", [&](JsonWriter& w) {
    if (role) {
      KeyStr(w, "role", "assistant");
      KeyStr(w, "content", "");
    } else {
      const int64_t split = ReasoningSplit(plan, begin, end);
      if (split > begin) Reasoning(w, plan, PlanText(plan, begin, split));
      if (split < end || split == begin) {
        KeyStr(w, "content", PlanText(plan, split, end));
      }
    }
  });
}

}  // namespace

std::string VllmEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  const bool usage = spec.kind == StreamEvent::Kind::kUsage;
  const bool role = spec.kind == StreamEvent::Kind::kRole;
  const bool tokens = !usage && !role;
  const int64_t begin = tokens ? spec.begin : 0;
  const int64_t end = tokens ? spec.end : 0;
  const bool last = tokens && spec.has_last_token;
  return JsonEvent([&](JsonWriter& w) {
    Header(w, plan, ChunkObject(plan));
    Choices(w, !usage, [&](JsonWriter& w) {
      KeyInt(w, "index", 0);
      if (plan.endpoint == Endpoint::kChatCompletions) {
        Delta(w, plan, role, begin, end);
      } else {
        KeyStr(w, "text", PlanText(plan, begin, end));
      }
      KeyNull(w, "logprobs");
      KeyFinishReason(w, plan, last);
      // vLLM sets stop_reason on the finishing chat chunk and on every
      // completions chunk.
      if (last || plan.endpoint == Endpoint::kCompletions) {
        KeyNull(w, "stop_reason");
      }
      if (plan.token_ids_in_choices && tokens) TokenIds(w, plan, begin, end);
    });
    if (usage) {
      Usage(w, plan, plan.reported_completion_tokens, true);
    } else if (plan.continuous_usage) {
      // The role chunk's reports zero completion tokens, as vLLM's.
      Usage(w, plan, end, false);
    }
  });
}

std::string VllmFullBody(const CompletionPlan& plan) {
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  return JsonObject([&](JsonWriter& w) {
    FullResponseChoice(
        w, plan,
        [&](JsonWriter& w, const ChatText& text) {
          if (text.reasoning_tokens > 0) {
            Reasoning(w, plan, text.reasoning);
          } else {
            KeyNull(w, "reasoning_content");
          }
          KeyStr(w, "content", text.answer);
          KeyStrings(w, "tool_calls", {});
        },
        [&](JsonWriter& w) {
          KeyFinishReason(w, plan, true);
          KeyNull(w, "stop_reason");
          if (plan.token_ids_in_choices) {
            TokenIds(w, plan, 0, plan.completion_tokens());
          }
          if (!chat) KeyNull(w, "prompt_logprobs");
        });
    Usage(w, plan, plan.reported_completion_tokens, true);
    if (chat) KeyNull(w, "prompt_logprobs");
  });
}

}  // namespace servebench::sim::chunks
