// Memory facts a server states through its API, for the engines whose log
// is silent about them (llama.cpp at default verbosity logs no model-buffer
// or KV-cache lines) or unread (no BENCH_CONTAINER / BENCH_LOG_CMD /
// BENCH_LOG_FILE). Pure readers of hostile JSON; each figure absent when
// the body does not state a usable one:
//   engine            /v1/models owned_by: "vllm", "sglang", "llamacpp",
//                     "tensorrt_llm"
//   model_memory_gib  llama.cpp: /v1/models data[].meta.size, the weights'
//                     bytes (as the model file holds them; a partial
//                     offload keeps some on the host)
//   kv_cache_tokens   SGLang: /get_server_info max_total_num_tokens (its KV
//                     pool, the figure its log prints); TensorRT-LLM: the
//                     JSON iteration statistics at /metrics, kvCacheStats
//                     maxNumBlocks x tokensPerBlock
// The log, where read, wins over all of these (ServerFactsCollector).
#ifndef SERVEBENCH_BENCH_FACTS_API_FACTS_H_
#define SERVEBENCH_BENCH_FACTS_API_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "bench/facts/logs/server_facts.h"

namespace servebench {

// The engine /v1/models names as the owner of `model`.
std::optional<Engine> EngineFromModels(const std::string& body,
                                       const std::string& model);

// GiB of weights from /v1/models meta.size for `model`.
std::optional<double> ModelMemoryFromModelsMeta(const std::string& body,
                                                const std::string& model);

// SGLang's /get_server_info max_total_num_tokens.
std::optional<int64_t> KvTokensFromServerInfo(const std::string& body);

// TensorRT-LLM's /metrics iteration statistics (a JSON list): the last
// record's kvCacheStats maxNumBlocks x tokensPerBlock.
std::optional<int64_t> KvTokensFromIterationStats(const std::string& body);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_API_FACTS_H_
