// The SSE events of a streaming response from every personality: which
// events, when, and their bytes (rendered by engine_chunks.h).
//
// Events, in order (all at the last token's time unless said):
//   vLLM:              completion.h's shapes: chat's role chunk (with the
//                      first token, or before prefill with
//                      --role-chunk), one chunk per decode step, usage
//                      (choices: [], with include_usage), [DONE].
//   SGLang chat:       role (with the first token) {"role":"assistant",
//                      "content":""}, one chunk per decode step, a finish
//                      chunk (empty delta, finish_reason), usage
//                      (choices: [], with include_usage), [DONE].
//   SGLang completions: one chunk per step, the last carrying
//                      finish_reason; usage; [DONE].
//   llama.cpp chat:    role {"role":"assistant","content":null} (with the
//                      first token), one chunk per step, a finish chunk
//                      (delta {}), usage (choices: [], only with
//                      include_usage); "timings" on the last of the two;
//                      [DONE].
//   llama.cpp completions: one chunk per step, then the final chunk (text
//                      "", finish_reason, usage always, timings); [DONE].
//   TensorRT-LLM chat: role {"role":"assistant"} (with the first token,
//                      event ending " \n\n"), one chunk per step, the last
//                      carrying finish_reason; usage; [DONE].
//   TensorRT-LLM completions: like SGLang's, with its own fields.
// A step whose text is empty (the end-of-sequence token of a natural stop)
// has no bytes for SGLang and llama.cpp, which send nothing for it; the
// server sends nothing but still counts its token.
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_STREAM_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_STREAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tools/sim/completion.h"

namespace servebench::sim {

class EngineStream {
 public:
  // `plan` must outlive the stream and stay unchanged.
  explicit EngineStream(const CompletionPlan& plan);

  size_t size() const { return slots_.size(); }

  // Event `index` (< size()) without its bytes: kind, token_index and
  // token_count for tokens (-1 and 0 otherwise), its offset.
  void Describe(size_t index, StreamEvent& event) const;

  // Event `index` (< size()) with its bytes.
  void Render(size_t index, StreamEvent& event) const;

 private:
  struct Slot {
    StreamEvent::Kind kind;
    int64_t step = -1;  // for kToken
    Duration at{0};
  };
  const CompletionPlan& plan_;
  std::vector<Slot> slots_;
  std::vector<int64_t> step_begins_;
};

// The body of a non-streaming response of `plan`'s engine.
std::string EngineFullResponseBody(const CompletionPlan& plan);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_STREAM_H_
