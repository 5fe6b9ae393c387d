// Fault injection: which completion requests fail, and how, so that clients'
// error handling can be tested against a server that misbehaves on purpose.
//
// One fault kind per server (--fault). It hits the Nth accepted completion
// request (counted from 1, after the request parsed and passed validation)
// when either
//   fault_every = E > 0: N % E == 0 (deterministic), or
//   fault_rate = F > 0:  a draw seeded by (seed, N) is below F.
// What each kind does is described by FaultKindHelp() and in README.md.
#ifndef SERVEBENCH_TOOLS_SIM_FAULT_H_
#define SERVEBENCH_TOOLS_SIM_FAULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/config.h"
#include "bench/base/enum_names.h"

namespace servebench::sim {

// The flag spelling ("stall-mid") of each kind, kNone as "none".
inline constexpr EnumNames<FaultKind, 17> kFaultKindNames({{
    {FaultKind::kNone, "none"},
    {FaultKind::kRefuse, "refuse"},
    {FaultKind::kResetBefore, "reset-before"},
    {FaultKind::kHttp500, "http500"},
    {FaultKind::kHttp503, "http503"},
    {FaultKind::kContext400, "context400"},
    {FaultKind::kStallBefore, "stall-before"},
    {FaultKind::kStallMid, "stall-mid"},
    {FaultKind::kDisconnectMid, "disconnect-mid"},
    {FaultKind::kErrorEvent, "error-event"},
    {FaultKind::kGarbage, "garbage"},
    {FaultKind::kHugeLine, "huge-line"},
    {FaultKind::kNoUsage, "no-usage"},
    {FaultKind::kNoDone, "no-done"},
    {FaultKind::kNestedEvent, "nested-event"},
    {FaultKind::kInflatedUsage, "inflated-usage"},
    {FaultKind::kInflatedPromptUsage, "inflated-prompt-usage"},
}});
std::string_view FaultKindName(FaultKind kind);
std::optional<FaultKind> ParseFaultKind(std::string_view name);
std::vector<std::string> FaultKindNames();  // every kind, "none" first

// Whether the accepted completion request number `n` (1-based) gets the
// configured fault.
bool ShouldInjectFault(const SimConfig& config, uint64_t n);

// Kinds that act on the stream itself; a non-streaming request is unaffected
// by them.
bool IsStreamOnlyFault(FaultKind kind);

// The number of generated tokens after which the *-mid and garbage faults
// act: half of them, at least one.
int64_t FaultMidpoint(int64_t completion_tokens);

// The number of completion tokens the inflated-usage fault claims in the
// final usage chunk: kInflatedUsageFactor times the truth. Completion tokens
// are bounded by max_model_len (an int), so the product fits.
inline constexpr int64_t kInflatedUsageFactor = 1000;
int64_t InflatedCompletionTokens(int64_t completion_tokens);

// The prompt_tokens the inflated-prompt-usage fault claims: the truth plus a
// quarter, rounded up, and at least one more.
int64_t InflatedPromptTokens(int64_t prompt_tokens);

// Number of token chunks sent before the error-event fault's error event
// (and the nested-event fault's nested event).
inline constexpr int64_t kErrorEventAfterChunks = 3;

// The error event of the error-event fault, as an SSE data line.
inline constexpr std::string_view kErrorEvent =
    "data: {\"error\": {\"object\": \"error\", \"message\": \"simulated "
    "engine failure\", \"type\": \"InternalServerError\", \"code\": "
    "500}}\n\n";

// The garbage fault's event: invalid UTF-8 and a data line that is not JSON.
inline constexpr std::string_view kGarbageEvent =
    "data: \xff\xfe\x80 not json {\n\n";

// The huge-line fault sends "data: " and then this many bytes without a
// newline, in pieces of kHugeLinePieceBytes, then closes the connection.
inline constexpr int64_t kHugeLineBytes = 20 * 1024 * 1024;
inline constexpr int64_t kHugeLinePieceBytes = 1024 * 1024;

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_FAULT_H_
