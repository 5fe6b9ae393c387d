// Internal to the completion library: the JSON bodies of each engine's
// stream events (all but "data: [DONE]", which every engine sends the same)
// and full responses, one .cc per engine (vllm_chunks.cc,
// sglang_chunks.cc, llamacpp_chunks.cc, trtllm_chunks.cc), and the pieces
// they share. engine_stream.h decides which events a stream has and when;
// these functions only render them.
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_CHUNKS_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_CHUNKS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sim/completion.h"
#include "tools/sim/json_out.h"

namespace servebench::sim::chunks {

// What one event carries. For kToken, tokens [begin, end) and whether they
// include the last token; the other kinds carry no tokens.
struct ChunkSpec {
  StreamEvent::Kind kind = StreamEvent::Kind::kToken;
  int64_t begin = 0;
  int64_t end = 0;
  bool has_last_token = false;
};

// "data: " + the JSON object whose members `write(JsonWriter&)` writes +
// `tail` ("\n\n", or " \n\n" for TensorRT-LLM's role chunk).
template <typename Write>
std::string JsonEvent(Write&& write, std::string_view tail = "\n\n") {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  write(w);
  w.EndObject();
  std::string bytes = "data: ";
  bytes.append(buffer.GetString(), buffer.GetSize());
  bytes.append(tail);
  return bytes;
}

// "choices": [{...}] with the members `write(JsonWriter&)` writes, or []
// without `has_choice`: every engine's responses carry at most one choice.
template <typename Write>
void Choices(JsonWriter& w, bool has_choice, Write&& write) {
  w.Key("choices");
  w.StartArray();
  if (has_choice) {
    w.StartObject();
    write(w);
    w.EndObject();
  }
  w.EndArray();
}

// "message": {"role": "assistant", then the members `write(JsonWriter&)`
// writes}: a full chat response's message.
template <typename Write>
void AssistantMessage(JsonWriter& w, Write&& write) {
  KeyObject(w, "message", [&](JsonWriter& w) {
    KeyStr(w, "role", "assistant");
    write(w);
  });
}

// "id", "object", "created", "model": the head of vLLM's, SGLang's and
// TensorRT-LLM's chunks and responses.
inline void Header(JsonWriter& w, const CompletionPlan& plan,
                   std::string_view object) {
  KeyStr(w, "id", plan.id);
  KeyStr(w, "object", object);
  KeyInt(w, "created", plan.created);
  KeyStr(w, "model", plan.model);
}

// Renders one event of a plan; llama.cpp and TensorRT-LLM have one such
// function for chat and one for completions chunks.
using EventRenderer = std::string (*)(const CompletionPlan&, const ChunkSpec&);

// The event as the plan's endpoint renders it: `chat` for
// /v1/chat/completions, `completion` otherwise.
inline std::string EventForEndpoint(const CompletionPlan& plan,
                                    const ChunkSpec& spec, EventRenderer chat,
                                    EventRenderer completion) {
  return plan.endpoint == Endpoint::kChatCompletions ? chat(plan, spec)
                                                     : completion(plan, spec);
}

// "chat.completion.chunk" or "text_completion": the "object" of vLLM's and
// SGLang's stream chunks.
inline std::string_view ChunkObject(const CompletionPlan& plan) {
  return plan.endpoint == Endpoint::kChatCompletions ? "chat.completion.chunk"
                                                     : "text_completion";
}

// "prompt_tokens", "total_tokens", "completion_tokens": the counts of the
// OpenAI usage object in the order vLLM, SGLang and TensorRT-LLM write
// them, prompt tokens as usage reports them (true count unless a fault
// lies).
inline void UsageCounts(JsonWriter& w, const CompletionPlan& plan,
                        int64_t completion) {
  KeyInt(w, "prompt_tokens", plan.reported_prompt_tokens);
  KeyInt(w, "total_tokens", plan.reported_prompt_tokens + completion);
  KeyInt(w, "completion_tokens", completion);
}

// {"cached_tokens": N}: usage.prompt_tokens_details with a prefix cache.
inline void CachedTokensDetails(JsonWriter& w, const CompletionPlan& plan) {
  w.StartObject();
  KeyInt(w, "cached_tokens", plan.cached_tokens);
  w.EndObject();
}

// "finish_reason": the plan's on the finishing chunk, null on the others.
inline void KeyFinishReason(JsonWriter& w, const CompletionPlan& plan,
                            bool finishing) {
  w.Key("finish_reason");
  if (finishing) {
    Str(w, FinishReasonName(plan.generation.finish));
  } else {
    w.Null();
  }
}

// The split of tokens [begin, end) into reasoning [begin, split) and
// answer [split, end) text.
inline int64_t ReasoningSplit(const CompletionPlan& plan, int64_t begin,
                              int64_t end) {
  return std::clamp(plan.reasoning_tokens, begin, end);
}

// A full chat response's text: its first plan.reasoning_tokens tokens are
// reasoning, the others the answer.
struct ChatText {
  int64_t reasoning_tokens = 0;
  std::string reasoning;
  std::string answer;
};

// The head and the one choice of vLLM's, SGLang's and TensorRT-LLM's full
// responses: Header ("chat.completion" or "text_completion"), then
// "choices" with "index": 0, the assistant message whose members after the
// role `message(JsonWriter&, const ChatText&)` writes (chat) or "text"
// (completions), "logprobs": null, and what `finish(JsonWriter&)` writes.
// What follows "choices" (usage, ...) is the caller's.
template <typename Message, typename Finish>
void FullResponseChoice(JsonWriter& w, const CompletionPlan& plan,
                        Message&& message, Finish&& finish) {
  const bool chat = plan.endpoint == Endpoint::kChatCompletions;
  const int64_t tokens = plan.completion_tokens();
  Header(w, plan, chat ? "chat.completion" : "text_completion");
  Choices(w, true, [&](JsonWriter& w) {
    KeyInt(w, "index", 0);
    if (chat) {
      const int64_t split = ReasoningSplit(plan, 0, tokens);
      const ChatText text{split, PlanText(plan, 0, split),
                          PlanText(plan, split, tokens)};
      AssistantMessage(w, [&](JsonWriter& w) { message(w, text); });
    } else {
      KeyStr(w, "text", PlanText(plan, 0, tokens));
    }
    KeyNull(w, "logprobs");
    finish(w);
  });
}

std::string VllmEvent(const CompletionPlan& plan, const ChunkSpec& spec);
std::string VllmFullBody(const CompletionPlan& plan);

std::string SglangEvent(const CompletionPlan& plan, const ChunkSpec& spec);
std::string SglangFullBody(const CompletionPlan& plan);

std::string LlamaCppEvent(const CompletionPlan& plan, const ChunkSpec& spec);
std::string LlamaCppFullBody(const CompletionPlan& plan);

std::string TrtllmEvent(const CompletionPlan& plan, const ChunkSpec& spec);
std::string TrtllmFullBody(const CompletionPlan& plan);

}  // namespace servebench::sim::chunks

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_CHUNKS_H_
