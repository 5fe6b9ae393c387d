// What one streamed chunk says, read in a single pass over its JSON with
// RapidJSON's SAX reader: only the fields the stream interpreter needs, no
// document built, and nothing allocated once the reader is warm. This is the
// per-chunk hot path of every measurement; the interpreter falls back to a
// full parse (bench/base/json) only for chunks it must quote (errors, bad
// JSON).
#ifndef SERVEBENCH_BENCH_PROTOCOL_CHUNK_READER_H_
#define SERVEBENCH_BENCH_PROTOCOL_CHUNK_READER_H_

#include <rapidjson/reader.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bench/protocol/endpoint.h"

namespace servebench {

// llama.cpp's "timings" object: the server's own clock for the request,
// cumulative (the final chunk, "choices": [], carries the totals; with
// timings_per_token every chunk carries them so far). llama-server starts
// prompt_ms when it begins the prompt and stops it when it samples the
// first token; predicted_ms runs from that first token to the latest, over
// predicted_n tokens (the first included). Each is absent when the object
// lacks it.
struct ServerTimings {
  std::optional<double> prompt_ms;
  std::optional<double> predicted_ms;
  std::optional<int64_t> prompt_n;     // prompt tokens processed (not cached)
  std::optional<int64_t> predicted_n;  // tokens generated
  std::optional<int64_t> cache_n;      // prompt tokens reused from cache
};

// The fields of one chunk, as the interpreter's rules read them.
struct ChunkFields {
  bool object = false;      // the top level is a JSON object
  bool error = false;       // it has an "error" member that is not null
  bool any_choice = false;  // "choices" is a non-empty array
  bool text = false;        // a choice carries reasoning text (chat)
  bool content = false;     // a choice carries answer text
  // Summed over the choices that carry a "token_ids" array.
  std::optional<int64_t> token_ids;
  std::string finish_reason;  // the last non-empty one
  // A "usage" object, read whole: counts it lacks are unknown.
  bool usage = false;
  std::optional<int64_t> prompt_tokens, completion_tokens, cached_tokens;
  // A "timings" object (llama.cpp), read whole like usage.
  bool has_timings = false;
  ServerTimings timings;

  void Clear();
};

class ChunkReader {
 public:
  explicit ChunkReader(Endpoint endpoint, int max_depth = 64);

  // Reads the first JSON value of `data` into `out` and sets `consumed` to
  // the bytes it took. False when that is not valid JSON, or nests deeper
  // than max_depth: the caller then parses it fully to say why.
  bool Read(std::string_view data, ChunkFields& out, size_t& consumed);

 private:
  // Its internal stack is kept between chunks (and it cannot be copied:
  // held by pointer so that readers move).
  std::unique_ptr<rapidjson::Reader> reader_;
  std::string scratch_;  // the chunk, parsed in place
  Endpoint endpoint_;
  int max_depth_;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROTOCOL_CHUNK_READER_H_
