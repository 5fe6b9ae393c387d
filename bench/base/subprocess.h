// Child processes started from an argument vector (never through a shell),
// for the simulated server and for tests that run a suite binary.
#ifndef SERVEBENCH_BENCH_SUBPROCESS_H_
#define SERVEBENCH_BENCH_SUBPROCESS_H_

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/result.h"

namespace servebench {

struct SpawnOptions {
  // Variables to set (or, with an empty optional, to remove) on top of the
  // parent's environment.
  std::map<std::string, std::optional<std::string>> env;
  std::string stdout_path;  // empty: inherit
  std::string stderr_path;  // empty: inherit
};

class Subprocess {
 public:
  static Result<Subprocess> Spawn(const std::vector<std::string>& argv,
                                  const SpawnOptions& options = {});

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  // Terminates the child if it is still running.
  ~Subprocess();

  pid_t pid() const { return pid_; }
  bool Running();
  // Waits for exit; returns the exit code, or 128 + signal number.
  int Wait();
  // SIGTERM, then SIGKILL after `grace_s`; returns as Wait() does.
  int Terminate(double grace_s = 5.0);

 private:
  explicit Subprocess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SUBPROCESS_H_
