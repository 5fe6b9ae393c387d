// llama.cpp llama-server's OpenAI-compatible stream and response bodies
// (tools/server/server-task.cpp: server_task_result_cmpl_partial and
// _final, to_json_oaicompat*), as nlohmann::ordered_json dumps them:
// compact, keys in insertion order ("choices" first), floats shortest with
// a ".0" when integral, non-finite floats as null.
#include <chrono>
#include <cmath>

#include "tools/sim/engine.h"
#include "tools/sim/engine_chunks.h"
#include "tools/sim/prom_float.h"

namespace servebench::sim::chunks {
namespace {

// A double as nlohmann::json dumps it.
void Number(JsonWriter& w, double value) {
  if (!std::isfinite(value)) {
    w.Null();
    return;
  }
  const std::string text = PromFloat(value);
  w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

// Milliseconds with llama.cpp's microsecond resolution (ggml_time_us).
double Ms(Duration d) {
  return static_cast<double>(
             std::chrono::duration_cast<std::chrono::microseconds>(d).count()) /
         1e3;
}

// result_timings::to_json. prompt: from admission to the first token;
// predicted: from the first token to the last, over all predicted tokens
// (so predicted_per_token_ms is (n - 1) gaps / n tokens, as llama.cpp's).
void Timings(JsonWriter& w, const CompletionPlan& plan) {
  const int64_t tokens = plan.completion_tokens();
  const Duration first =
      tokens > 0 ? plan.token_offsets.front() : plan.queue_delay;
  const Duration last = tokens > 0 ? plan.token_offsets.back() : first;
  const int64_t prompt_n = plan.prompt_tokens - plan.cached_tokens;
  const double prompt_ms = Ms(first - plan.queue_delay);
  const double predicted_ms = Ms(last - first);
  w.Key("timings");
  w.StartObject();
  w.Key("cache_n");
  w.Int64(plan.cached_tokens);
  w.Key("prompt_n");
  w.Int64(prompt_n);
  w.Key("prompt_ms");
  Number(w, prompt_ms);
  w.Key("prompt_per_token_ms");
  Number(w, prompt_ms / static_cast<double>(prompt_n));
  w.Key("prompt_per_second");
  Number(w, 1e3 / prompt_ms * static_cast<double>(prompt_n));
  w.Key("predicted_n");
  w.Int64(tokens);
  w.Key("predicted_ms");
  Number(w, predicted_ms);
  w.Key("predicted_per_token_ms");
  Number(w, predicted_ms / static_cast<double>(tokens));
  w.Key("predicted_per_second");
  Number(w, 1e3 / predicted_ms * static_cast<double>(tokens));
  w.EndObject();
}

void Usage(JsonWriter& w, const CompletionPlan& plan, int64_t completion) {
  w.Key("usage");
  w.StartObject();
  w.Key("completion_tokens");
  w.Int64(completion);
  w.Key("prompt_tokens");
  w.Int64(UsagePrompt(plan));
  w.Key("total_tokens");
  w.Int64(completion + UsagePrompt(plan));
  w.EndObject();
}

// created, id, model, system_fingerprint, object: the chat chunks' order.
void ChatChunkTail(JsonWriter& w, const CompletionPlan& plan) {
  w.Key("created");
  w.Int64(plan.created);
  w.Key("id");
  Str(w, plan.id);
  w.Key("model");
  Str(w, plan.model);
  w.Key("system_fingerprint");
  Str(w, kLlamaCppBuildInfo);
  w.Key("object");
  w.String("chat.completion.chunk");
}

void ChatDelta(JsonWriter& w, const CompletionPlan& plan,
               const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  w.Key("delta");
  w.StartObject();
  if (spec.kind == Kind::kRole) {
    w.Key("role");
    w.String("assistant");
    w.Key("content");
    w.Null();
  } else if (spec.kind == Kind::kToken) {
    const int64_t split = ReasoningSplit(plan, spec.begin, spec.end);
    if (split > spec.begin) {
      w.Key("reasoning_content");
      Str(w, PlanText(plan, spec.begin, split));
    }
    if (split < spec.end) {
      w.Key("content");
      Str(w, PlanText(plan, split, spec.end));
    }
  }
  w.EndObject();
}

std::string ChatEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("choices");
  w.StartArray();
  if (spec.kind != Kind::kUsage) {
    w.StartObject();
    w.Key("finish_reason");
    if (spec.kind == Kind::kFinish) {
      Str(w, FinishReasonName(plan.generation.finish));
    } else {
      w.Null();
    }
    w.Key("index");
    w.Int(0);
    ChatDelta(w, plan, spec);
    w.EndObject();
  }
  w.EndArray();
  ChatChunkTail(w, plan);
  if (spec.kind == Kind::kUsage) {
    Usage(w, plan, plan.reported_completion_tokens);
  }
  // The timings ride on the stream's last chunk: the usage chunk when
  // include_usage, else the finish chunk.
  if (spec.kind == Kind::kUsage ||
      (spec.kind == Kind::kFinish && !plan.include_usage)) {
    Timings(w, plan);
  }
  w.EndObject();
  return AsEvent(buffer);
}

// Completions: a partial per token, then the final result, which always
// carries usage (there is no choices: [] chunk) and the timings.
std::string CompletionEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  const bool final = spec.kind == Kind::kFinish;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("choices");
  w.StartArray();
  w.StartObject();
  w.Key("text");
  Str(w, final ? std::string() : PlanText(plan, spec.begin, spec.end));
  w.Key("index");
  w.Int(0);
  w.Key("logprobs");
  w.Null();
  w.Key("finish_reason");
  if (final) {
    Str(w, FinishReasonName(plan.generation.finish));
  } else {
    w.Null();
  }
  w.EndObject();
  w.EndArray();
  w.Key("created");
  w.Int64(plan.created);
  w.Key("model");
  Str(w, plan.model);
  w.Key("system_fingerprint");
  Str(w, kLlamaCppBuildInfo);
  w.Key("object");
  w.String("text_completion");
  if (final) Usage(w, plan, plan.reported_completion_tokens);
  w.Key("id");
  Str(w, plan.id);
  if (final) Timings(w, plan);
  w.EndObject();
  return AsEvent(buffer);
}

}  // namespace

std::string LlamaCppEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  if (spec.kind == StreamEvent::Kind::kDone) return "data: [DONE]\n\n";
  if (plan.endpoint == Endpoint::kChatCompletions) {
    return ChatEvent(plan, spec);
  }
  return CompletionEvent(plan, spec);
}

std::string LlamaCppFullBody(const CompletionPlan& plan) {
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  const int64_t tokens = plan.completion_tokens();
  const int64_t split = chat ? ReasoningSplit(plan, 0, tokens) : 0;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("choices");
  w.StartArray();
  w.StartObject();
  if (chat) {
    w.Key("finish_reason");
    Str(w, FinishReasonName(plan.generation.finish));
    w.Key("index");
    w.Int(0);
    w.Key("message");
    w.StartObject();
    w.Key("role");
    w.String("assistant");
    w.Key("content");
    Str(w, PlanText(plan, split, tokens));
    if (split > 0) {
      w.Key("reasoning_content");
      Str(w, PlanText(plan, 0, split));
    }
    w.EndObject();
  } else {
    w.Key("text");
    Str(w, PlanText(plan, 0, tokens));
    w.Key("index");
    w.Int(0);
    w.Key("logprobs");
    w.Null();
    w.Key("finish_reason");
    Str(w, FinishReasonName(plan.generation.finish));
  }
  w.EndObject();
  w.EndArray();
  w.Key("created");
  w.Int64(plan.created);
  w.Key("model");
  Str(w, plan.model);
  w.Key("system_fingerprint");
  Str(w, kLlamaCppBuildInfo);
  w.Key("object");
  w.String(chat ? "chat.completion" : "text_completion");
  Usage(w, plan, plan.reported_completion_tokens);
  w.Key("id");
  Str(w, plan.id);
  Timings(w, plan);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace servebench::sim::chunks
