// Reads the simulator's own lateness (GET /sim/lateness, tools/sim/lateness.h)
// so the error budget can tell the simulator's error from the client's.
#ifndef SERVEBENCH_TOOLS_ERROR_BUDGET_SIM_LATENESS_H_
#define SERVEBENCH_TOOLS_ERROR_BUDGET_SIM_LATENESS_H_

#include <optional>
#include <string>

namespace servebench {

struct SimLateness {
  long long chunks = 0;
  double chunk_p50_ms = 0;
  double chunk_p99_ms = 0;
  double chunk_max_ms = 0;
  double first_token_mean_ms = 0;
  double first_token_p99_ms = 0;
};

// POST base_url/sim/lateness/reset: starts a new window. False when the
// simulator does not answer it (an older one).
bool ResetSimLateness(const std::string& base_url);

// GET base_url/sim/lateness: the window since the last reset; nullopt when
// the simulator does not answer it.
std::optional<SimLateness> ReadSimLateness(const std::string& base_url);

}  // namespace servebench

#endif  // SERVEBENCH_TOOLS_ERROR_BUDGET_SIM_LATENESS_H_
