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
void KeyNumber(JsonWriter& w, const char* key, double value) {
  w.Key(key);
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

// "<phase>_n", "<phase>_ms", "<phase>_per_token_ms" and
// "<phase>_per_second": the figures of one phase ("prompt" or "predicted")
// of `n` tokens in `ms`, as result_timings::to_json writes them.
void PhaseTimings(JsonWriter& w, const std::string& phase, int64_t n,
                  double ms) {
  const double tokens = static_cast<double>(n);
  KeyInt(w, (phase + "_n").c_str(), n);
  KeyNumber(w, (phase + "_ms").c_str(), ms);
  KeyNumber(w, (phase + "_per_token_ms").c_str(), ms / tokens);
  KeyNumber(w, (phase + "_per_second").c_str(), 1e3 / ms * tokens);
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
  KeyObject(w, "timings", [&](JsonWriter& w) {
    KeyInt(w, "cache_n", plan.cached_tokens);
    PhaseTimings(w, "prompt", prompt_n, prompt_ms);
    PhaseTimings(w, "predicted", tokens, predicted_ms);
  });
}

// usage, in llama.cpp's order: completion, prompt, total.
void Usage(JsonWriter& w, const CompletionPlan& plan) {
  const int64_t completion = plan.reported_completion_tokens;
  KeyObject(w, "usage", [&](JsonWriter& w) {
    KeyInt(w, "completion_tokens", completion);
    KeyInt(w, "prompt_tokens", plan.reported_prompt_tokens);
    KeyInt(w, "total_tokens", completion + plan.reported_prompt_tokens);
  });
}

// "created", "model", "system_fingerprint", "object": what follows
// "choices" in every chunk and response.
void Tail(JsonWriter& w, const CompletionPlan& plan, std::string_view object) {
  KeyInt(w, "created", plan.created);
  KeyStr(w, "model", plan.model);
  KeyStr(w, "system_fingerprint", kLlamaCppBuildInfo);
  KeyStr(w, "object", object);
}

void ChatDelta(JsonWriter& w, const CompletionPlan& plan,
               const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  KeyObject(w, "delta", [&](JsonWriter& w) {
    if (spec.kind == Kind::kRole) {
      KeyStr(w, "role", "assistant");
      KeyNull(w, "content");
    } else if (spec.kind == Kind::kToken) {
      const int64_t split = ReasoningSplit(plan, spec.begin, spec.end);
      if (split > spec.begin) {
        KeyStr(w, "reasoning_content", PlanText(plan, spec.begin, split));
      }
      if (split < spec.end) {
        KeyStr(w, "content", PlanText(plan, split, spec.end));
      }
    }
  });
}

// Chat chunks: "id" comes before "model" here, after the usage in the
// completions' final chunk.
std::string ChatEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  using Kind = StreamEvent::Kind;
  return JsonEvent([&](JsonWriter& w) {
    Choices(w, spec.kind != Kind::kUsage, [&](JsonWriter& w) {
      KeyFinishReason(w, plan, spec.kind == Kind::kFinish);
      KeyInt(w, "index", 0);
      ChatDelta(w, plan, spec);
    });
    KeyInt(w, "created", plan.created);
    KeyStr(w, "id", plan.id);
    KeyStr(w, "model", plan.model);
    KeyStr(w, "system_fingerprint", kLlamaCppBuildInfo);
    KeyStr(w, "object", "chat.completion.chunk");
    if (spec.kind == Kind::kUsage) Usage(w, plan);
    // The timings ride on the stream's last chunk: the usage chunk when
    // include_usage, else the finish chunk.
    if (spec.kind == Kind::kUsage ||
        (spec.kind == Kind::kFinish && !plan.include_usage)) {
      Timings(w, plan);
    }
  });
}

// Completions: a partial per token, then the final result, which always
// carries usage (there is no choices: [] chunk) and the timings.
std::string CompletionEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  const bool final = spec.kind == StreamEvent::Kind::kFinish;
  return JsonEvent([&](JsonWriter& w) {
    Choices(w, true, [&](JsonWriter& w) {
      KeyStr(w, "text",
             final ? std::string() : PlanText(plan, spec.begin, spec.end));
      KeyInt(w, "index", 0);
      KeyNull(w, "logprobs");
      KeyFinishReason(w, plan, final);
    });
    Tail(w, plan, "text_completion");
    if (final) Usage(w, plan);
    KeyStr(w, "id", plan.id);
    if (final) Timings(w, plan);
  });
}

}  // namespace

std::string LlamaCppEvent(const CompletionPlan& plan, const ChunkSpec& spec) {
  return EventForEndpoint(plan, spec, ChatEvent, CompletionEvent);
}

std::string LlamaCppFullBody(const CompletionPlan& plan) {
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  const int64_t tokens = plan.completion_tokens();
  const int64_t split = chat ? ReasoningSplit(plan, 0, tokens) : 0;
  return JsonObject([&](JsonWriter& w) {
    Choices(w, true, [&](JsonWriter& w) {
      if (chat) {
        KeyFinishReason(w, plan, true);
        KeyInt(w, "index", 0);
        AssistantMessage(w, [&](JsonWriter& w) {
          KeyStr(w, "content", PlanText(plan, split, tokens));
          if (split > 0) {
            KeyStr(w, "reasoning_content", PlanText(plan, 0, split));
          }
        });
      } else {
        KeyStr(w, "text", PlanText(plan, 0, tokens));
        KeyInt(w, "index", 0);
        KeyNull(w, "logprobs");
        KeyFinishReason(w, plan, true);
      }
    });
    Tail(w, plan, chat ? "chat.completion" : "text_completion");
    Usage(w, plan);
    KeyStr(w, "id", plan.id);
    Timings(w, plan);
  });
}

}  // namespace servebench::sim::chunks
