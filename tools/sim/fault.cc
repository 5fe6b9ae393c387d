// Fault kind names and the seeded/periodic choice of faulty requests.
#include "tools/sim/fault.h"

#include <algorithm>

#include "tools/sim/seeded_random.h"

namespace servebench::sim {
namespace {

constexpr uint64_t kFaultSalt = 0x6661756cull;  // "faul"

}  // namespace

std::string_view FaultKindName(FaultKind kind) {
  return kFaultKindNames.Name(kind);
}

std::optional<FaultKind> ParseFaultKind(std::string_view name) {
  return kFaultKindNames.Parse(name);
}

std::vector<std::string> FaultKindNames() { return kFaultKindNames.Names(); }

bool ShouldInjectFault(const SimConfig& config, uint64_t n) {
  if (config.fault == FaultKind::kNone || n == 0) return false;
  if (config.fault_every > 0) {
    return n % static_cast<uint64_t>(config.fault_every) == 0;
  }
  if (config.fault_rate <= 0) return false;
  return UnitInterval(HashCombine(HashCombine(config.seed, kFaultSalt), n)) <
         config.fault_rate;
}

bool IsStreamOnlyFault(FaultKind kind) {
  switch (kind) {
    case FaultKind::kErrorEvent:
    case FaultKind::kGarbage:
    case FaultKind::kHugeLine:
    case FaultKind::kNoUsage:
    case FaultKind::kNoDone:
    case FaultKind::kNestedEvent:
    case FaultKind::kInflatedUsage:
      return true;
    default:
      return false;
  }
}

int64_t FaultMidpoint(int64_t completion_tokens) {
  return std::max<int64_t>(1, completion_tokens / 2);
}

int64_t InflatedCompletionTokens(int64_t completion_tokens) {
  return completion_tokens * kInflatedUsageFactor;
}

int64_t InflatedPromptTokens(int64_t prompt_tokens) {
  return prompt_tokens + std::max<int64_t>(1, (prompt_tokens + 3) / 4);
}

}  // namespace servebench::sim
