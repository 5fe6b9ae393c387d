// trtllm-serve's OpenAI-compatible stream and response bodies
// (tensorrt_llm/serve/postprocess_handlers.py and openai_protocol.py):
// chat chunks are dumped with exclude_none (absent fields, not nulls), the
// role chunk's event ends in " \n\n", completions chunks and the final
// usage chunks are dumped whole (nulls included). Stream ids are
// "chatcmpl-<n>" / "cmpl-<n>", n the executor's request id.
#include "tools/sim/engine_chunks.h"

namespace servebench::sim::chunks {
namespace {

void Header(JsonWriter& w, const CompletionPlan& plan,
            std::string_view object) {
  w.Key("id");
  Str(w, plan.id);
  w.Key("object");
  Str(w, object);
  w.Key("created");
  w.Int64(plan.created);
  w.Key("model");
  Str(w, plan.model);
}

// UsageInfo with PromptTokensDetails(cached_tokens), always present.
void UsageObject(JsonWriter& w, const CompletionPlan& plan,
                 int64_t completion) {
  w.StartObject();
  w.Key("prompt_tokens");
  w.Int64(UsagePrompt(plan));
  w.Key("total_tokens");
  w.Int64(UsagePrompt(plan) + completion);
  w.Key("completion_tokens");
  w.Int64(completion);
  w.Key("prompt_tokens_details");
  w.StartObject();
  w.Key("cached_tokens");
  w.Int64(plan.cached_tokens);
  w.EndObject();
  w.EndObject();
}

std::string ChatEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Header(w, plan, "chat.completion.chunk");
  w.Key("choices");
  w.StartArray();
  if (spec.kind == Kind::kRole) {
    w.StartObject();
    w.Key("index");
    w.Int(0);
    w.Key("delta");
    w.StartObject();
    w.Key("role");
    w.String("assistant");
    w.EndObject();
    w.EndObject();
  } else if (spec.kind == Kind::kToken) {
    // Without a reasoning parser apply_reasoning_parser returns "" for the
    // reasoning text, which exclude_none keeps.
    const int64_t split = ReasoningSplit(plan, spec.begin, spec.end);
    w.StartObject();
    w.Key("index");
    w.Int(0);
    w.Key("delta");
    w.StartObject();
    w.Key("content");
    Str(w, PlanText(plan, split, spec.end));
    w.Key("reasoning_content");
    Str(w, PlanText(plan, spec.begin, split));
    w.EndObject();
    if (spec.has_last_token) {
      w.Key("finish_reason");
      Str(w, FinishReasonName(plan.generation.finish));
    }
    w.EndObject();
  }
  w.EndArray();
  if (spec.kind == Kind::kUsage) {
    w.Key("usage");
    UsageObject(w, plan, plan.reported_completion_tokens);
  } else if (plan.continuous_usage) {
    w.Key("usage");
    UsageObject(w, plan, spec.kind == Kind::kToken ? spec.end : 0);
  }
  w.EndObject();
  return AsEvent(buffer, spec.kind == Kind::kRole ? " \n\n" : "\n\n");
}

std::string CompletionEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Header(w, plan, "text_completion");
  w.Key("choices");
  w.StartArray();
  if (spec.kind == Kind::kToken) {
    w.StartObject();
    w.Key("index");
    w.Int(0);
    w.Key("text");
    Str(w, PlanText(plan, spec.begin, spec.end));
    w.Key("token_ids");
    w.Null();
    w.Key("logprobs");
    w.Null();
    w.Key("finish_reason");
    if (spec.has_last_token) {
      Str(w, FinishReasonName(plan.generation.finish));
    } else {
      w.Null();
    }
    w.Key("stop_reason");
    w.Null();
    w.Key("avg_decoded_tokens_per_iter");
    w.Null();
    w.EndObject();
  }
  w.EndArray();
  w.Key("usage");
  if (spec.kind == Kind::kUsage) {
    UsageObject(w, plan, plan.reported_completion_tokens);
  } else if (plan.continuous_usage) {
    UsageObject(w, plan, spec.end);
  } else {
    w.Null();
  }
  w.EndObject();
  return AsEvent(buffer);
}

}  // namespace

std::string TrtllmEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  if (spec.kind == StreamEvent::Kind::kDone) return "data: [DONE]\n\n";
  if (plan.endpoint == Endpoint::kChatCompletions) {
    return ChatEvent(plan, spec);
  }
  return CompletionEvent(plan, spec);
}

// A subset of the full model_dump(): the fields a client reads. The real
// body also carries null fields this simulator does not reproduce
// (tools/sim/README.md).
std::string TrtllmFullBody(const CompletionPlan& plan) {
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  const int64_t tokens = plan.completion_tokens();
  const int64_t split = chat ? ReasoningSplit(plan, 0, tokens) : 0;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Header(w, plan, chat ? "chat.completion" : "text_completion");
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
    w.Key("content");
    Str(w, PlanText(plan, split, tokens));
    w.Key("reasoning_content");
    Str(w, PlanText(plan, 0, split));
    w.EndObject();
  } else {
    w.Key("text");
    Str(w, PlanText(plan, 0, tokens));
  }
  w.Key("logprobs");
  w.Null();
  w.Key("finish_reason");
  Str(w, FinishReasonName(plan.generation.finish));
  w.Key("stop_reason");
  w.Null();
  w.EndObject();
  w.EndArray();
  w.Key("usage");
  UsageObject(w, plan, plan.reported_completion_tokens);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace servebench::sim::chunks
