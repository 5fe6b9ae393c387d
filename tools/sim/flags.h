// Command-line flags of sim_server (CLI11), with their defaults and --help
// text in one place.
#ifndef SERVEBENCH_TOOLS_SIM_FLAGS_H_
#define SERVEBENCH_TOOLS_SIM_FLAGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "bench/base/result.h"
#include "tools/sim/config.h"

namespace servebench::sim {

// Upper bound of --spec-tokens (real MTP/EAGLE setups use 1-8).
inline constexpr int kMaxSpecTokens = 16;

// Upper bound of --lateness-log-s (a day), so the interval converts to a
// timer duration without overflow.
inline constexpr double kMaxLatenessLogS = 86400;

struct SimFlags {
  SimConfig config;
  std::string port_file;  // empty: do not write one
  std::string log_file;   // empty: stderr
};

// Registers every flag on `app`, bound to `flags` (whose current values are
// the defaults shown by --help).
void RegisterFlags(CLI::App& app, SimFlags& flags);

// Checks the cross-field and range constraints of a configuration, for
// callers that build one without the command line.
Status ValidateConfig(const SimConfig& config);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_FLAGS_H_
