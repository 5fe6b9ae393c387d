// JSON documents meant to break clients that trust their server: nesting far
// deeper than any real answer, and max_model_len values no model has.
//
// Deep documents are written iteratively into one string (no recursion, no
// tree), so their cost is linear in the depth and bounded by kMaxNestingDepth:
// about 2 bytes per level for arrays and 6 for objects.
#ifndef SERVEBENCH_TOOLS_SIM_HOSTILE_JSON_H_
#define SERVEBENCH_TOOLS_SIM_HOSTILE_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sim/config.h"

namespace servebench::sim {

// Bounds of --nesting-depth: at most 60 MB per nested document.
inline constexpr int64_t kMinNestingDepth = 1;
inline constexpr int64_t kMaxNestingDepth = 10'000'000;

// Bound of --advertised-max-model-len's text.
inline constexpr size_t kMaxAdvertisedNumberChars = 1024;

// A value nested `depth` levels deep (depth in [kMinNestingDepth,
// kMaxNestingDepth]; clamped to it): for arrays "[" x depth then "]" x depth,
// e.g. depth 3: [[[]]]; for objects the innermost is {} and each level above
// it is {"a": ...}, e.g. depth 3: {"a":{"a":{}}}.
std::string NestedJson(NestingKind kind, int64_t depth);

// The nested /v1/models answer: {"object":"list","data":NESTED} with NESTED
// from NestedJson.
std::string NestedModelsBody(NestingKind kind, int64_t depth);

// Whether `text` is one JSON number as RFC 8259 spells it (-?int frac? exp?),
// whatever its magnitude: "-5", "0", "1e30" and "1e400" are, "+5", "05",
// "1.", "NaN" and "" are not.
bool IsJsonNumberText(std::string_view text);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_HOSTILE_JSON_H_
