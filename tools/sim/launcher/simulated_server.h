// Starts the built-in simulated server (//tools:sim_server) as a child
// process on an ephemeral port: for suite runs under --config=sim
// (BENCH_SIM=1), tests and the error budget.
#ifndef SERVEBENCH_TOOLS_SIM_LAUNCHER_SIMULATED_SERVER_H_
#define SERVEBENCH_TOOLS_SIM_LAUNCHER_SIMULATED_SERVER_H_

#include <string>

#include "bench/base/result.h"
#include "bench/base/subprocess.h"

namespace servebench {

class SimulatedServer {
 public:
  // Starts the server with `flags` (space-separated, from BENCH_SIM_FLAGS)
  // and waits until it reports its port. Its log goes to `log_path`.
  static Result<SimulatedServer> Start(const std::string& flags,
                                       const std::string& log_path);

  const std::string& url() const { return url_; }
  const std::string& log_path() const { return log_path_; }
  void Stop() { process_.Terminate(); }

 private:
  SimulatedServer(Subprocess process, std::string url, std::string log_path)
      : process_(std::move(process)),
        url_(std::move(url)),
        log_path_(std::move(log_path)) {}
  Subprocess process_;
  std::string url_;
  std::string log_path_;
};

}  // namespace servebench

#endif  // SERVEBENCH_TOOLS_SIM_LAUNCHER_SIMULATED_SERVER_H_
