// Maps an HTTP method and target to the simulator's endpoints, with FastAPI's
// semantics: a known path with the wrong method is 405, an unknown path 404,
// and the query string is ignored.
#ifndef SERVEBENCH_TOOLS_SIM_ROUTER_H_
#define SERVEBENCH_TOOLS_SIM_ROUTER_H_

#include <string>
#include <string_view>
#include <vector>

namespace servebench::sim {

enum class Route {
  kHealth,           // GET /health
  kModels,           // GET /v1/models
  kChatCompletions,  // POST /v1/chat/completions
  kCompletions,      // POST /v1/completions
  kTokenize,         // POST /tokenize
  kMetrics,          // GET /metrics
  // The simulator's own diagnostics (lateness.h), not vLLM routes: they are
  // left out of RouteDescriptions().
  kSimLateness,       // GET /sim/lateness
  kSimLatenessReset,  // POST /sim/lateness/reset
  kNotFound,
  kMethodNotAllowed,
};

Route MatchRoute(std::string_view method, std::string_view target);

// "PATH, Methods: METHOD" for each route, as vLLM's launcher logs them.
std::vector<std::string> RouteDescriptions();

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ROUTER_H_
