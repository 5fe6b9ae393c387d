// ParseServerLog: detects the engine, then hands the log to its parser.
#include "bench/server_logs/server_facts.h"

#include "bench/server_logs/engine_parsers.h"

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

const char* EngineName(Engine engine) {
  switch (engine) {
    case Engine::kVllm:
      return "vLLM";
    case Engine::kSglang:
      return "SGLang";
    case Engine::kTrtllm:
      return "TensorRT-LLM";
    case Engine::kLlamaCpp:
      return "llama.cpp";
    case Engine::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace servebench
