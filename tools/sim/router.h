// Maps an HTTP method and target to the simulator's endpoints, per engine.
// FastAPI's semantics (vLLM, SGLang, TensorRT-LLM): a known path with the
// wrong method is 405, an unknown path 404, and the query string is
// ignored. llama.cpp's cpp-httplib answers 404 for both.
#ifndef SERVEBENCH_TOOLS_SIM_ROUTER_H_
#define SERVEBENCH_TOOLS_SIM_ROUTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/config.h"

namespace servebench::sim {

enum class Route {
  kHealth,           // GET /health (+ /v1/health on llama.cpp)
  kModels,           // GET /v1/models (+ /models on llama.cpp)
  kChatCompletions,  // POST /v1/chat/completions
  kCompletions,      // POST /v1/completions
  kTokenize,         // POST /tokenize (+ /v1/tokenize on SGLang)
  kMetrics,          // GET /metrics
  // Engine-specific.
  kHealthGenerate,     // SGLang, TensorRT-LLM: GET /health_generate
  kModelInfo,          // SGLang: GET /get_model_info, /model_info
  kServerInfo,         // SGLang: GET /get_server_info, /server_info
  kProps,              // llama.cpp: GET /props
  kSlots,              // llama.cpp: GET /slots
  kVersion,            // TensorRT-LLM: GET /version
  kPerfMetrics,        // TensorRT-LLM: GET /perf_metrics
  kPrometheusMetrics,  // TensorRT-LLM: GET /prometheus/metrics
  // The simulator's own, on every engine and never in a route list.
  kSimLateness,       // GET /sim/lateness
  kSimLatenessReset,  // POST /sim/lateness/reset
  kDcgmMetrics,       // GET /dcgm/metrics (with --dcgm)
  kNotFound,
  kMethodNotAllowed,
};

// vLLM's routes.
Route MatchRoute(std::string_view method, std::string_view target);
Route MatchRoute(Engine engine, std::string_view method,
                 std::string_view target);

// "PATH, Methods: METHOD" for each vLLM route, as vLLM's launcher logs them.
std::vector<std::string> RouteDescriptions();

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ROUTER_H_
