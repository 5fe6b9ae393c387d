// Names of the engines the simulator can impersonate (--engine), and the
// facts about each that several files need.
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/config.h"
#include "bench/base/enum_names.h"

namespace servebench::sim {

// "vllm", "sglang", "llamacpp" or "trtllm": the --engine values.
inline constexpr EnumNames<Engine, 4> kEngineNames({{
    {Engine::kVllm, "vllm"},
    {Engine::kSglang, "sglang"},
    {Engine::kLlamaCpp, "llamacpp"},
    {Engine::kTrtllm, "trtllm"},
}});
std::string_view EngineFlagName(Engine engine);
std::optional<Engine> ParseEngine(std::string_view name);
std::vector<std::string> EngineFlagNames();

// Of four per-engine choices (functions, tables, figures), `engine`'s:
//   PerEngine(config.engine, BootLines, SglangBoot, LlamaCppBoot, TrtllmBoot)
// is the one place that maps an engine to its variant of something.
template <typename T>
constexpr T PerEngine(Engine engine, T vllm, T sglang, T llamacpp, T trtllm) {
  switch (engine) {
    case Engine::kSglang:
      return sglang;
    case Engine::kLlamaCpp:
      return llamacpp;
    case Engine::kTrtllm:
      return trtllm;
    case Engine::kVllm:
      break;
  }
  return vllm;
}

// llama.cpp's build string as it appears in system_fingerprint and /props
// ("b<build>-<commit>"). The simulator's own, not a real build.
inline constexpr std::string_view kLlamaCppBuildInfo = "b0-5e4b0000";

// llama-server's slot count when --parallel is not given (its "auto":
// 4 slots over one unified KV cache, llama.cpp PR 16736), unless
// --max-num-seqs sets it.
inline constexpr int64_t kLlamaCppDefaultSlots = 4;

// The number of requests an engine runs at once as its API and log report
// it: --max-num-seqs when set, else a fixed figure per engine (engine.cc says
// where each comes from). Only --max-num-seqs limits anything.
int64_t ReportedMaxRunning(const SimConfig& config);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_H_
