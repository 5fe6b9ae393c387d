// The route table.
#include "tools/sim/router.h"

#include <array>
#include <span>

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

// Simulator-only routes, matched like the others but never logged as vLLM's.
constexpr std::array<RouteEntry, 2> kSimRoutes = {{
    {"/sim/lateness", "GET", Route::kSimLateness},
    {"/sim/lateness/reset", "POST", Route::kSimLatenessReset},
}};

}  // namespace

Route MatchRoute(std::string_view method, std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  bool path_known = false;
  for (std::span<const RouteEntry> table :
       {std::span<const RouteEntry>(kRoutes),
        std::span<const RouteEntry>(kSimRoutes)}) {
    for (const RouteEntry& entry : table) {
      if (entry.path != path) continue;
      if (entry.method == method) return entry.route;
      path_known = true;
    }
  }
  return path_known ? Route::kMethodNotAllowed : Route::kNotFound;
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
