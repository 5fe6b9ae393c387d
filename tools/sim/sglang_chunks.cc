// SGLang's OpenAI-compatible stream and response bodies, as its pydantic
// models serialise them (python/sglang/srt/entrypoints/openai/protocol.py,
// serving_chat.py, serving_completions.py): every declared field present,
// null when unset, compact JSON.
#include "tools/sim/engine_chunks.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim::chunks {
namespace {

void Header(JsonWriter& w, const CompletionPlan& plan, bool chat, bool full) {
  w.Key("id");
  Str(w, plan.id);
  w.Key("object");
  if (chat) {
    w.String(full ? "chat.completion" : "chat.completion.chunk");
  } else {
    w.String("text_completion");
  }
  w.Key("created");
  w.Int64(plan.created);
  w.Key("model");
  Str(w, plan.model);
}

// UsageInfo: prompt_tokens, total_tokens, completion_tokens,
// prompt_tokens_details (null: --enable-cache-report is off),
// reasoning_tokens.
void Usage(JsonWriter& w, const CompletionPlan& plan, int64_t completion) {
  w.StartObject();
  w.Key("prompt_tokens");
  w.Int64(UsagePrompt(plan));
  w.Key("total_tokens");
  w.Int64(UsagePrompt(plan) + completion);
  w.Key("completion_tokens");
  w.Int64(completion);
  w.Key("prompt_tokens_details");
  w.Null();
  w.Key("reasoning_tokens");
  w.Int(0);
  w.EndObject();
}

void NullableText(JsonWriter& w, const char* key, const std::string* text) {
  w.Key(key);
  if (text == nullptr) {
    w.Null();
  } else {
    Str(w, *text);
  }
}

// matched_stop: the EOS token id when the request stopped on it.
void MatchedStop(JsonWriter& w, const CompletionPlan& plan, bool finishing) {
  w.Key("matched_stop");
  if (finishing && plan.generation.finish == FinishReason::kStop) {
    w.Int(kEndOfTurnId);
  } else {
    w.Null();
  }
}

void FinishReasonValue(JsonWriter& w, const CompletionPlan& plan,
                       bool finishing) {
  w.Key("finish_reason");
  if (finishing) {
    Str(w, FinishReasonName(plan.generation.finish));
  } else {
    w.Null();
  }
}

}  // namespace

std::string SglangEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  if (spec.kind == Kind::kDone) return "data: [DONE]\n\n";
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Header(w, plan, chat, false);
  w.Key("choices");
  w.StartArray();
  if (spec.kind != Kind::kUsage) {
    // Completions carry the finish reason on the last token's chunk; chat
    // on a chunk of its own after it.
    const bool finishing =
        chat ? spec.kind == Kind::kFinish : spec.has_last_token;
    w.StartObject();
    w.Key("index");
    w.Int(0);
    if (chat) {
      w.Key("delta");
      w.StartObject();
      if (spec.kind == Kind::kRole) {
        w.Key("role");
        w.String("assistant");
        w.Key("content");
        w.String("");
        w.Key("reasoning_content");
        w.Null();
      } else if (spec.kind == Kind::kToken) {
        const int64_t split = ReasoningSplit(plan, spec.begin, spec.end);
        const std::string reasoning = PlanText(plan, spec.begin, split);
        const std::string content = PlanText(plan, split, spec.end);
        w.Key("role");
        w.Null();
        NullableText(
            w, "content",
            split < spec.end || split == spec.begin ? &content : nullptr);
        NullableText(w, "reasoning_content",
                     split > spec.begin ? &reasoning : nullptr);
      } else {  // kFinish
        w.Key("role");
        w.Null();
        w.Key("content");
        w.Null();
        w.Key("reasoning_content");
        w.Null();
      }
      w.Key("tool_calls");
      w.Null();
      w.EndObject();
    } else {
      w.Key("text");
      Str(w, PlanText(plan, spec.begin, spec.end));
    }
    w.Key("logprobs");
    w.Null();
    FinishReasonValue(w, plan, finishing);
    MatchedStop(w, plan, finishing);
    w.EndObject();
  }
  w.EndArray();
  w.Key("usage");
  if (spec.kind == Kind::kUsage) {
    Usage(w, plan, plan.reported_completion_tokens);
  } else if (spec.kind == Kind::kToken && plan.continuous_usage_stats) {
    Usage(w, plan, spec.end);
  } else {
    w.Null();
  }
  w.EndObject();
  return AsEvent(buffer);
}

std::string SglangFullBody(const CompletionPlan& plan) {
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  const int64_t tokens = plan.completion_tokens();
  const int64_t split = chat ? ReasoningSplit(plan, 0, tokens) : 0;
  const std::string reasoning = PlanText(plan, 0, split);
  const std::string text = PlanText(plan, split, tokens);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Header(w, plan, chat, true);
  w.Key("choices");
  w.StartArray();
  w.StartObject();
  w.Key("index");
  w.Int(0);
  if (chat) {
    w.Key("message");
    w.StartObject();
    w.Key("role");
    w.String("assistant");
    // serving_chat.py: content=text if text else None.
    NullableText(w, "content", text.empty() ? nullptr : &text);
    NullableText(w, "reasoning_content",
                 reasoning.empty() ? nullptr : &reasoning);
    w.Key("tool_calls");
    w.Null();
    w.EndObject();
  } else {
    w.Key("text");
    Str(w, text);
  }
  w.Key("logprobs");
  w.Null();
  FinishReasonValue(w, plan, true);
  MatchedStop(w, plan, true);
  w.EndObject();
  w.EndArray();
  w.Key("usage");
  Usage(w, plan, plan.reported_completion_tokens);
  w.Key("metadata");
  w.StartObject();
  w.Key("weight_version");
  w.String("default");
  w.EndObject();
  w.EndObject();
  return buffer.GetString();
}

}  // namespace servebench::sim::chunks
