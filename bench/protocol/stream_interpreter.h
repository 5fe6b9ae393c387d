// Interprets the events of an OpenAI-compatible streaming completion
// (/v1/chat/completions or /v1/completions) into what the benchmark needs:
// when generated text first and last arrived, the token counts the server
// reported, how the stream ended, and any error the server sent.
//
// Real servers differ (see bench/protocol/testdata/sse/): a role-only first
// chunk with "content" empty or null; reasoning text in delta.reasoning_content
// or delta.reasoning; usage in a final "choices": [] chunk, on the finish chunk
// or on every chunk (continuous usage); errors sent as data: {"error": ...}
// inside an HTTP 200 stream. The rules:
//   - a chunk carries generated text when a choice has a non-empty string in
//     delta.content, delta.reasoning_content or delta.reasoning (chat) or in
//     text (completions); a role-only or empty-content chunk is not a token;
//   - first_token = arrival time of the first chunk carrying generated text;
//     first_content = the first carrying answer text (delta.content / text);
//   - last_choice = arrival time of the last chunk whose "choices" array is
//     non-empty; a usage-only chunk ("choices": []) never moves it;
//   - usage: the last "usage" object seen wins (continuous usage grows);
//   - timings (llama.cpp): likewise the last "timings" object seen;
//   - the data "[DONE]" ends the stream.
// With speculative decoding one chunk can carry several tokens, so token counts
// come from usage, never from counting chunks.
#ifndef SERVEBENCH_BENCH_STREAM_INTERPRETER_H_
#define SERVEBENCH_BENCH_STREAM_INTERPRETER_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/clock.h"
#include "bench/base/result.h"
#include "bench/protocol/chunk_reader.h"
#include "bench/protocol/endpoint.h"
#include "bench/protocol/sse_parser.h"

namespace servebench {

// A chunk that carried generated text: when it arrived and how many tokens
// it carried, when the stream says (token_ids, or the growth of continuous
// usage). With speculative decoding one chunk carries several tokens.
struct TextChunk {
  Clock::time_point at;
  std::optional<int64_t> tokens;
};

struct StreamTrace {
  std::optional<Clock::time_point> first_token;
  std::optional<Clock::time_point> first_content;
  std::optional<Clock::time_point> last_choice;
  // The first chunk with a non-empty "choices", text or not (a role-only
  // chunk counts): some servers send it before prefill finishes.
  std::optional<Clock::time_point> first_choice;
  std::vector<TextChunk> text_chunk_log;  // every chunk carrying text, in order
  std::optional<int64_t> prompt_tokens;
  std::optional<int64_t> completion_tokens;
  std::optional<int64_t>
      cached_tokens;  // usage.prompt_tokens_details.cached_tokens
  // llama.cpp's "timings" of the request: the last object seen (the final
  // chunk's totals).
  std::optional<ServerTimings> timings;
  int64_t chunks = 0;                // data events that carried JSON
  int64_t text_chunks = 0;           // chunks carrying generated text
  std::string finish_reason;         // empty until a choice finishes
  bool done = false;                 // "data: [DONE]" seen
  std::optional<std::string> error;  // first problem seen in the stream
};

class StreamInterpreter {
 public:
  explicit StreamInterpreter(Endpoint endpoint);

  // Starts over for a new stream, keeping buffers (no allocation per
  // request once warm).
  void Reset(Endpoint endpoint);

  // Interprets one dispatched SSE event that arrived at `at`. Events after
  // [DONE] or after an error are ignored. A "data" that is not JSON, or a JSON
  // object with an "error" member (or an event of type "error"), sets
  // trace().error with the server's own message (truncated and with control
  // characters escaped).
  void OnEvent(const SseEvent& event, Clock::time_point at);

  const StreamTrace& trace() const { return trace_; }

  // Judges the stream once the body has ended. Fails, in this order of
  // precedence, when: the server sent an error; no chunk carried generated
  // text; no choice carried a finish_reason and no [DONE] arrived (the stream
  // was cut); [DONE] never arrived; no usage arrived (the message says to
  // check stream_options.include_usage support).
  Status Finish() const;

 private:
  // A chunk the fast path did not take: parsed whole, to quote what is wrong.
  void OnUnusualEvent(const SseEvent& event, Clock::time_point at);
  // The interpreter's rules (file comment) applied to one chunk's fields.
  void Apply(const ChunkFields& fields, Clock::time_point at);

  Endpoint endpoint_;
  ChunkReader reader_;
  ChunkFields fields_;  // reused from chunk to chunk
  StreamTrace trace_;
  // For Finish()'s messages only.
  bool usage_seen_ = false;       // a usage object arrived, even if incomplete
  std::string other_event_type_;  // first event type other than message/error
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_STREAM_INTERPRETER_H_
