// Internal to the completion library: the JSON bodies of the non-vLLM
// engines' stream events and full responses, one .cc per engine
// (sglang_chunks.cc, llamacpp_chunks.cc, trtllm_chunks.cc), and the
// RapidJSON helpers they share. engine_stream.h decides which events a
// stream has and when; these functions only render them.
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_CHUNKS_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_CHUNKS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/sim/completion.h"

namespace servebench::sim::chunks {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// What one event carries. For kToken, tokens [begin, end) and whether they
// include the last token; the other kinds carry no tokens.
struct ChunkSpec {
  StreamEvent::Kind kind = StreamEvent::Kind::kToken;
  int64_t begin = 0;
  int64_t end = 0;
  bool has_last_token = false;
};

inline void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// "data: " + the JSON + `tail` ("\n\n", or " \n\n" for TensorRT-LLM's role
// chunk).
inline std::string AsEvent(const rapidjson::StringBuffer& json,
                           std::string_view tail = "\n\n") {
  std::string bytes = "data: ";
  bytes.append(json.GetString(), json.GetSize());
  bytes.append(tail);
  return bytes;
}

// The split of tokens [begin, end) into reasoning [begin, split) and
// answer [split, end) text.
inline int64_t ReasoningSplit(const CompletionPlan& plan, int64_t begin,
                              int64_t end) {
  return std::clamp(plan.reasoning_tokens, begin, end);
}

// Prompt tokens as usage reports them (true count unless a fault lies).
inline int64_t UsagePrompt(const CompletionPlan& plan) {
  return plan.reported_prompt_tokens;
}

std::string SglangEvent(const CompletionPlan& plan, const ChunkSpec& spec);
std::string SglangFullBody(const CompletionPlan& plan);

std::string LlamaCppEvent(const CompletionPlan& plan, const ChunkSpec& spec);
std::string LlamaCppFullBody(const CompletionPlan& plan);

std::string TrtllmEvent(const CompletionPlan& plan, const ChunkSpec& spec);
std::string TrtllmFullBody(const CompletionPlan& plan);

}  // namespace servebench::sim::chunks

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_CHUNKS_H_
