// Parsing untrusted JSON (server answers, stream events, result files) with
// RapidJSON's iterative parser and a nesting limit: a server that sends an
// array nested 100,000 levels deep gets an error sentence, not a stack
// overflow that would lose every finished case of the run.
#ifndef SERVEBENCH_BENCH_BASE_JSON_H_
#define SERVEBENCH_BENCH_BASE_JSON_H_

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "bench/base/result.h"

namespace servebench {

// Far deeper than any OpenAI-compatible answer or results file (about 6).
inline constexpr int kMaxJsonDepth = 64;

struct JsonParse {
  bool ok = false;
  // When not ok: where and why, e.g. "byte 12: Missing a comma or ']' after
  // an array element" or "byte 64: nested deeper than 64 levels".
  std::string error;
  size_t error_offset = 0;
  bool too_deep = false;
  // Bytes of `text` the value took (the rest may be whitespace or more data).
  size_t consumed = 0;
};

// Parses the JSON value at the start of `text` into `doc` (iteratively; at
// most `max_depth` nested arrays and objects). With `whole`, anything but
// whitespace after the value is an error; without it, parsing stops after the
// first value and `consumed` says where (for callers that judge trailing
// data themselves).
JsonParse ParseJson(std::string_view text, rapidjson::Document& doc,
                    bool whole = true, int max_depth = kMaxJsonDepth);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_JSON_H_
