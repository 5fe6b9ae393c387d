// Fuzzes ParseServerLog over arbitrary log text. server_facts.h's contract: a
// log no parser recognises gives Engine::kUnknown and no facts, never a guess.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bench/facts/logs/server_facts.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view log(reinterpret_cast<const char*>(data), size);
  const servebench::ServerFacts facts = servebench::ParseServerLog(log);
  FUZZ_CHECK(servebench::EngineName(facts.engine) != nullptr);
  if (facts.engine == servebench::Engine::kUnknown) {
    FUZZ_CHECK(!facts.model_memory_gib && !facts.kv_cache_gib &&
               !facts.cuda_graph_memory_gib && !facts.cuda_graph_capture_s &&
               !facts.gpu_memory_utilization && !facts.max_concurrency &&
               !facts.kv_cache_tokens && !facts.max_model_len &&
               !facts.cudagraph_mode && facts.sources.empty());
  }
  // Every evidence line is a line of the log.
  for (const auto& [fact, line] : facts.sources) {
    FUZZ_CHECK(!fact.empty());
    FUZZ_CHECK(line.size() <= log.size());
  }
  return 0;
}
