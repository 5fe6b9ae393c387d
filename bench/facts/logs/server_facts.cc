// ParseServerLog: detects the engine, then hands the log to its parser.
#include "bench/facts/logs/server_facts.h"

#include "bench/base/enum_names.h"
#include "bench/base/text_format.h"
#include "bench/facts/logs/engine_parsers.h"

namespace servebench {

ServerFacts ParseServerLog(std::string_view log) {
  switch (server_logs::DetectEngine(log)) {
    case Engine::kVllm:
      return server_logs::ParseVllmLog(log);
    case Engine::kSglang:
      return server_logs::ParseSglangLog(log);
    case Engine::kTrtllm:
      return server_logs::ParseTrtllmLog(log);
    case Engine::kLlamaCpp:
      return server_logs::ParseLlamaCppLog(log);
    case Engine::kUnknown:
      break;
  }
  return ServerFacts{};
}

// As the engines write their own names. kUnknown first: it is also the name
// of any value not listed.
constexpr EnumNames<Engine, 5> kEngineNames({{
    {Engine::kUnknown, "unknown"},
    {Engine::kVllm, "vLLM"},
    {Engine::kSglang, "SGLang"},
    {Engine::kTrtllm, "TensorRT-LLM"},
    {Engine::kLlamaCpp, "llama.cpp"},
}});

const char* EngineName(Engine engine) {
  return kEngineNames.Name(engine).data();
}

std::vector<FactField> FactFields(const ServerFacts& f) {
  std::vector<FactField> fields;
  fields.push_back({"engine", EngineName(f.engine), std::nullopt});
  const auto figure = [&](const char* name, const std::optional<double>& v,
                          int decimals) {
    if (v) fields.push_back({name, Fixed(*v, decimals), *v});
  };
  figure("model_memory_gib", f.model_memory_gib, 2);
  figure("kv_cache_gib", f.kv_cache_gib, 2);
  if (f.kv_cache_tokens) {
    fields.push_back({"kv_cache_tokens", std::to_string(*f.kv_cache_tokens),
                      static_cast<double>(*f.kv_cache_tokens), true});
  }
  figure("gpu_memory_utilization", f.gpu_memory_utilization, 2);
  if (f.cudagraph_mode) {
    fields.push_back({"cudagraph_mode", *f.cudagraph_mode, std::nullopt});
  }
  figure("cuda_graph_capture_s", f.cuda_graph_capture_s, 2);
  figure("cuda_graph_memory_gib", f.cuda_graph_memory_gib, 2);
  figure("max_concurrency", f.max_concurrency, 2);
  return fields;
}

}  // namespace servebench
