// Renders the SSE events of a planned stream from pieces serialised once per
// stream (the "data: {"id":...,"choices":[" head, the usage prefix), with
// only each chunk's own fields spliced in: its text, finish reason, token ids
// and usage counts. No JSON writer or DOM per chunk.
//
// The bytes are exactly those of StreamEventAt (completion.h), the reference
// rendering; stream_renderer_test compares the two in every mode. Which
// events a stream has and when is EngineStream's (engine_stream.h); the other
// engines' bytes are rendered there too, one JSON writer per event: only
// vLLM's, the default, has the fast path.
#ifndef SERVEBENCH_TOOLS_SIM_STREAM_RENDERER_H_
#define SERVEBENCH_TOOLS_SIM_STREAM_RENDERER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sim/completion.h"
#include "tools/sim/engine_stream.h"

namespace servebench::sim {

class StreamRenderer {
 public:
  // `plan` must outlive the renderer and stay unchanged.
  explicit StreamRenderer(const CompletionPlan& plan);

  // StreamEventCount(plan).
  size_t size() const { return layout_.size(); }

  // Event `index` (< size()): the same kind, token_index, token_count, at and
  // bytes as StreamEventAt(plan, index). `event.bytes` is overwritten, its
  // capacity reused.
  void Render(size_t index, StreamEvent& event) const;

 private:
  void AppendChoice(std::string& out, int64_t begin, int64_t end) const;
  void AppendText(std::string& out, int64_t begin, int64_t end) const;

  const CompletionPlan& plan_;
  const EngineStream layout_;  // which events, when; other engines' bytes
  const bool fast_;            // vLLM: bytes spliced here
  const bool chat_;
  std::string
      head_;  // data: {"id":..,"object":..,"created":..,"model":..,"choices":[
  std::string finish_;   // "length" or "stop", quoted
  std::string details_;  // prompt_tokens_details' value
};

// Appends `text` as a JSON string (quotes included), escaped exactly as
// RapidJSON's Writer escapes it; the Content form without the quotes.
void AppendJsonString(std::string& out, std::string_view text);
void AppendJsonStringContent(std::string& out, std::string_view text);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_STREAM_RENDERER_H_
