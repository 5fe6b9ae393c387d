// Fuzzes SseParser: the events, the verdict and the pending state must not
// depend on how the network split the stream. The first four bytes choose the
// split points and the limits; the rest is the stream.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/protocol/sse_parser.h"
#include "fuzz/fuzz_check.h"

namespace {

using servebench::SseEvent;
using servebench::SseParser;

struct Outcome {
  std::vector<SseEvent> events;
  bool ok = true;
  bool pending = false;
};

Outcome Parse(std::string_view stream, const std::vector<size_t>& cuts,
              size_t max_line, size_t max_event) {
  SseParser parser(max_line, max_event);
  Outcome out;
  auto collect = [&out](const SseEvent& e) { out.events.push_back(e); };
  size_t begin = 0;
  for (size_t cut : cuts) {
    // Zero-byte pieces happen (libcurl hands them over too).
    if (!parser.Feed(stream.substr(begin, cut - begin), collect).ok()) {
      out.ok = false;
    }
    begin = cut;
  }
  if (!parser.Feed(stream.substr(begin), collect).ok()) out.ok = false;
  // Once failed, the parser stays failed.
  if (!out.ok) FUZZ_CHECK(!parser.Feed("data: x\n\n", collect).ok());
  out.pending = parser.HasPendingData();
  return out;
}

bool SameEvent(const SseEvent& a, const SseEvent& b) {
  return a.type == b.type && a.data == b.data &&
         a.last_event_id == b.last_event_id && a.retry_ms == b.retry_ms;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const uint8_t seed = data[0];
  // Small limits now and then, so the limit paths get exercised too.
  const size_t max_line = data[1] < 32 ? 1 + data[1] * 4
                                       : SseParser::kDefaultMaxLineBytes;
  const size_t max_event = data[2] < 32 ? 1 + data[2] * 8
                                        : SseParser::kDefaultMaxEventBytes;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 4,
                                size - 4);

  // Split points: every byte (seed 0), or a stride and offset from the seed,
  // plus a zero-byte piece at data[3]. At most kMaxPieces pieces: a 1 MiB
  // stream fed byte by byte would take a second per input, and the split
  // points of a long stream matter no more than those of a short one.
  constexpr size_t kMaxPieces = 4096;
  std::vector<size_t> cuts;
  const size_t stride = std::max<size_t>(seed == 0 ? 1 : 1 + seed % 7,
                                         stream.size() / kMaxPieces + 1);
  for (size_t at = data[3] % 5; at < stream.size(); at += stride) {
    cuts.push_back(at);
    if (at == data[3]) cuts.push_back(at);
  }

  const Outcome whole = Parse(stream, {}, max_line, max_event);
  const Outcome split = Parse(stream, cuts, max_line, max_event);

  FUZZ_CHECK(whole.ok == split.ok);
  FUZZ_CHECK(whole.events.size() == split.events.size());
  for (size_t i = 0; i < whole.events.size(); ++i) {
    FUZZ_CHECK(SameEvent(whole.events[i], split.events[i]));
    FUZZ_CHECK(whole.events[i].data.size() <= max_event);
  }
  if (whole.ok) FUZZ_CHECK(whole.pending == split.pending);
  return 0;
}
