// Incremental parser for the text/event-stream format (WHATWG HTML,
// "Server-sent events", section "Event stream interpretation").
//
// Bytes arrive from the network in pieces of any size (libcurl hands over
// chunks split anywhere, even zero bytes), so the parser keeps the unfinished
// line between calls. It understands:
//   - line ends LF, CRLF and CR (a CR at the end of one piece followed by LF at
//     the start of the next is one line end);
//   - "field:value" and "field: value" (one leading space is removed);
//   - fields data (multi-line data joined with "\n"), event, id (ignored when
//   it
//     contains NUL), retry (digits only; anything else is ignored);
//   - comment lines starting with ':' (keep-alives such as ": ping");
//   - a line without ':' is a field with an empty value;
//   - a leading UTF-8 BOM at the very start of the stream;
//   - an empty line dispatches the event; an event with no data field is not
//     dispatched (per the spec); the event type defaults to "message".
// At the end of the stream an unfinished event is discarded, as the spec says;
// HasPendingData() tells the caller that happened, for its error message.
#ifndef SERVEBENCH_BENCH_SSE_PARSER_H_
#define SERVEBENCH_BENCH_SSE_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bench/base/result.h"

namespace servebench {

struct SseEvent {
  std::string type = "message";
  std::string data;
  std::string last_event_id;        // last id: seen so far (survives dispatch)
  std::optional<int64_t> retry_ms;  // last valid retry: seen so far
};

class SseParser {
 public:
  using EventHandler = std::function<void(const SseEvent&)>;

  // A server must not make the client buffer without limit: a line longer than
  // max_line_bytes (or event data longer than max_event_bytes) is an error.
  static constexpr size_t kDefaultMaxLineBytes = 8 * 1024 * 1024;
  static constexpr size_t kDefaultMaxEventBytes = 16 * 1024 * 1024;

  explicit SseParser(size_t max_line_bytes = kDefaultMaxLineBytes,
                     size_t max_event_bytes = kDefaultMaxEventBytes);

  // Consumes `bytes`, calling `on_event` for every event completed by them.
  // After an error the parser stays failed and ignores further input.
  Status Feed(std::string_view bytes, const EventHandler& on_event);

  // Starts over for a new stream, keeping buffers (no allocation per stream
  // once warm).
  void Reset();

  // True when the stream so far ends in an unfinished line or an event that
  // was never terminated by an empty line.
  bool HasPendingData() const;

 private:
  void ProcessLine(std::string_view line, const EventHandler& on_event);
  void Dispatch(const EventHandler& on_event);

  size_t max_line_bytes_;
  size_t max_event_bytes_;
  std::string line_;          // unfinished line carried between Feed calls
  bool last_was_cr_ = false;  // previous piece ended in CR: skip a leading LF
  bool at_stream_start_ = true;  // strip a UTF-8 BOM only here
  bool failed_ = false;
  std::string error_;
  // Event being built.
  std::string data_;
  bool has_data_ = false;
  std::string event_type_;
  std::string last_event_id_;
  std::optional<int64_t> retry_ms_;
  SseEvent event_;  // handed to the handler; reused from event to event
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SSE_PARSER_H_
