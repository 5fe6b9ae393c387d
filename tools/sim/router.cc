// The route tables of each engine.
#include "tools/sim/router.h"

#include <array>
#include <span>

#include "tools/sim/engine.h"

namespace servebench::sim {
namespace {

struct RouteEntry {
  std::string_view path;
  std::string_view method;
  Route route;
};

constexpr std::array<RouteEntry, 6> kRoutes = {{
    {"/health", "GET", Route::kHealth},
    {"/metrics", "GET", Route::kMetrics},
    {"/tokenize", "POST", Route::kTokenize},
    {"/v1/models", "GET", Route::kModels},
    {"/v1/chat/completions", "POST", Route::kChatCompletions},
    {"/v1/completions", "POST", Route::kCompletions},
}};

// python/sglang/srt/entrypoints/http_server.py.
constexpr std::array<RouteEntry, 12> kSglangRoutes = {{
    {"/health", "GET", Route::kHealth},
    {"/health_generate", "GET", Route::kHealthGenerate},
    {"/get_model_info", "GET", Route::kModelInfo},
    {"/model_info", "GET", Route::kModelInfo},
    {"/get_server_info", "GET", Route::kServerInfo},
    {"/server_info", "GET", Route::kServerInfo},
    {"/metrics", "GET", Route::kMetrics},
    {"/tokenize", "POST", Route::kTokenize},
    {"/v1/tokenize", "POST", Route::kTokenize},
    {"/v1/models", "GET", Route::kModels},
    {"/v1/chat/completions", "POST", Route::kChatCompletions},
    {"/v1/completions", "POST", Route::kCompletions},
}};

// tools/server/server.cpp (llama-server's route registration).
constexpr std::array<RouteEntry, 11> kLlamaCppRoutes = {{
    {"/health", "GET", Route::kHealth},
    {"/v1/health", "GET", Route::kHealth},
    {"/props", "GET", Route::kProps},
    {"/slots", "GET", Route::kSlots},
    {"/metrics", "GET", Route::kMetrics},
    {"/tokenize", "POST", Route::kTokenize},
    {"/models", "GET", Route::kModels},
    {"/v1/models", "GET", Route::kModels},
    {"/chat/completions", "POST", Route::kChatCompletions},
    {"/v1/chat/completions", "POST", Route::kChatCompletions},
    {"/v1/completions", "POST", Route::kCompletions},
}};

// tensorrt_llm/serve/openai_server.py (register_routes).
constexpr std::array<RouteEntry, 9> kTrtllmRoutes = {{
    {"/health", "GET", Route::kHealth},
    {"/health_generate", "GET", Route::kHealthGenerate},
    {"/version", "GET", Route::kVersion},
    {"/v1/models", "GET", Route::kModels},
    {"/metrics", "GET", Route::kMetrics},
    {"/perf_metrics", "GET", Route::kPerfMetrics},
    {"/prometheus/metrics", "GET", Route::kPrometheusMetrics},
    {"/v1/completions", "POST", Route::kCompletions},
    {"/v1/chat/completions", "POST", Route::kChatCompletions},
}};

// Simulator-only routes, matched like the others but never logged as an
// engine's.
constexpr std::array<RouteEntry, 3> kSimRoutes = {{
    {"/sim/lateness", "GET", Route::kSimLateness},
    {"/sim/lateness/reset", "POST", Route::kSimLatenessReset},
    {"/dcgm/metrics", "GET", Route::kDcgmMetrics},
}};

std::span<const RouteEntry> EngineRoutes(Engine engine) {
  return PerEngine<std::span<const RouteEntry>>(engine, kRoutes, kSglangRoutes,
                                                kLlamaCppRoutes, kTrtllmRoutes);
}

}  // namespace

Route MatchRoute(std::string_view method, std::string_view target) {
  return MatchRoute(Engine::kVllm, method, target);
}

Route MatchRoute(Engine engine, std::string_view method,
                 std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  bool path_known = false;
  for (std::span<const RouteEntry> table :
       {EngineRoutes(engine), std::span<const RouteEntry>(kSimRoutes)}) {
    for (const RouteEntry& entry : table) {
      if (entry.path != path) continue;
      if (entry.method == method) return entry.route;
      path_known = true;
    }
  }
  if (!path_known || engine == Engine::kLlamaCpp) return Route::kNotFound;
  return Route::kMethodNotAllowed;
}

std::vector<std::string> RouteDescriptions() {
  std::vector<std::string> out;
  for (const RouteEntry& entry : kRoutes) {
    out.push_back(std::string(entry.path) +
                  ", Methods: " + std::string(entry.method));
  }
  return out;
}

}  // namespace servebench::sim
