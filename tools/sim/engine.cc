// The --engine names.
#include "tools/sim/engine.h"

namespace servebench::sim {

std::string_view EngineFlagName(Engine engine) {
  return kEngineNames.Name(engine);
}

std::optional<Engine> ParseEngine(std::string_view name) {
  return kEngineNames.Parse(name);
}

std::vector<std::string> EngineFlagNames() { return kEngineNames.Names(); }

int64_t ReportedMaxRunning(const SimConfig& config) {
  if (config.max_num_seqs > 0) return config.max_num_seqs;
  switch (config.engine) {
    case Engine::kLlamaCpp:
      return kLlamaCppDefaultSlots;
    // The simulator's choices, taken from the fixture logs' lines, not
    // verified as the engines' defaults: SGLang printed
    // "max_running_requests=4096" (logs/sglang_v0.4.x_2025.log) and
    // trtllm-serve "max_num_requests=64" (logs/trtllm_pytorch_2025.log).
    case Engine::kSglang:
      return 4096;
    case Engine::kTrtllm:
      return 64;
    case Engine::kVllm:
      break;
  }
  return 256;  // not reported anywhere by the vLLM personality
}

}  // namespace servebench::sim
