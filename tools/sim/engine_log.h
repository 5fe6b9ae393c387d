// The startup, access and per-request log lines of each personality, so a
// log scraper (bench/facts/logs) detects the engine and reads its memory
// facts from the simulator's log. vLLM's are vllm_log.h; the others copy
// the formats of the real lines in the shared fixtures (logs/*.log) with
// the simulator's figures:
//   SGLang:    "[date TP0] Load weight end. type=..., mem usage=X GB.",
//              "KV Cache is allocated. #tokens: N, K size: X GB, V size: ...",
//              "max_total_num_tokens=N, ..., context_len=L, ...", uvicorn's
//              lines and "The server is fired up and ready to roll!".
//   llama.cpp: "load_tensors: ... model buffer size = X MiB",
//              "llama_context: n_ctx_per_seq = L", "llama_kv_cache_unified:
//              size = X MiB (N cells, ...)", "main: server is listening on
//              http://... - starting the main loop", and per request
//              "slot print_timing: ..." and "slot      release: ...".
//   TensorRT-LLM: "[TensorRT-LLM] TensorRT-LLM version: V",
//              "[date] [TRT-LLM] [I] Use X GB for model weights.",
//              "[TensorRT-LLM][INFO] [MemUsageChange] Allocated X GiB for max
//              tokens in paged KV cache (N).", "max_seq_len=L, ...", uvicorn.
// With config.log_memory false the lines stating weights and KV cache
// memory are left out (tools/sim/README.md lists them).
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_LOG_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/completion.h"
#include "tools/sim/config.h"
#include "tools/sim/vllm_log.h"

namespace servebench::sim {

// What the engine prints from launch until it starts loading weights.
std::vector<LogLine> EngineBootLines(const SimConfig& config, int port);

// What it prints once loading ends, up to "ready".
std::vector<LogLine> EngineReadyLines(const SimConfig& config, int port);

// Its access log line for one request; nullopt when it logs none
// (llama.cpp's request logging is off by default).
std::optional<LogLine> EngineAccessLine(Engine engine, std::string_view peer,
                                        std::string_view method,
                                        std::string_view target, int status,
                                        std::string_view reason);

// Lines logged when a request finishes (llama.cpp's print_timing; vLLM's
// speculative decoding line is the server's); `task` numbers the request.
std::vector<LogLine> EngineFinishedLines(const CompletionPlan& plan,
                                         const SimConfig& config,
                                         uint64_t task);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_LOG_H_
