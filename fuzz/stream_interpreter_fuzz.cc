// Fuzzes StreamInterpreter with whatever a server might stream: the input goes
// through the SSE parser, and separately each line becomes one data event, so
// arbitrary (mostly near-JSON) payloads reach the interpreter directly. The
// first byte picks the endpoint and the event types. Finish() must give a
// verdict, never crash, and the trace must stay self-consistent.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bench/protocol/sse_parser.h"
#include "bench/protocol/stream_interpreter.h"
#include "fuzz/fuzz_check.h"

namespace {

using servebench::Clock;
using servebench::Endpoint;
using servebench::SseEvent;
using servebench::SseParser;
using servebench::StreamInterpreter;
using servebench::StreamTrace;

void CheckTrace(const StreamInterpreter& interpreter) {
  const StreamTrace& t = interpreter.trace();
  FUZZ_CHECK(t.text_chunks <= t.chunks);
  FUZZ_CHECK(t.text_chunk_log.size() == static_cast<size_t>(t.text_chunks));
  FUZZ_CHECK(t.first_token.has_value() == (t.text_chunks > 0));
  if (t.first_content) FUZZ_CHECK(t.first_token && *t.first_token <= *t.first_content);
  const servebench::Status verdict = interpreter.Finish();
  if (!verdict.ok()) FUZZ_CHECK(!verdict.error().empty());
  if (t.error) FUZZ_CHECK(!verdict.ok());
  if (t.text_chunks == 0) FUZZ_CHECK(!verdict.ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  const Endpoint endpoint =
      mode & 1 ? Endpoint::kCompletions : Endpoint::kChatCompletions;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1,
                               size - 1);
  const Clock::time_point t0 = Clock::time_point() + std::chrono::hours(1);

  // As a real stream: through the SSE parser.
  {
    StreamInterpreter interpreter(endpoint);
    SseParser parser;
    int k = 0;
    (void)parser.Feed(input, [&](const SseEvent& e) {
      interpreter.OnEvent(e, t0 + std::chrono::milliseconds(++k));
    });
    CheckTrace(interpreter);
  }

  // One data event per line, so payloads need no "data:" framing.
  {
    StreamInterpreter interpreter(endpoint);
    int k = 0;
    size_t begin = 0;
    while (begin <= input.size()) {
      size_t end = input.find('\n', begin);
      if (end == std::string_view::npos) end = input.size();
      SseEvent event;
      if (mode & 2) event.type = (k % 5 == 4) ? "error" : "message";
      if (mode & 4) event.type = "response.output_text.delta";
      event.data = std::string(input.substr(begin, end - begin));
      interpreter.OnEvent(event, t0 + std::chrono::milliseconds(++k));
      begin = end + 1;
    }
    CheckTrace(interpreter);
  }
  return 0;
}
