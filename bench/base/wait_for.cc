// The polling loop behind WaitFor.
#include "bench/base/wait_for.h"

#include <chrono>
#include <thread>

namespace servebench {

bool WaitFor(const std::function<bool()>& done, double timeout_s) {
  using SteadyClock = std::chrono::steady_clock;
  const auto deadline =
      SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                               std::chrono::duration<double>(timeout_s));
  while (!done()) {
    if (SteadyClock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace servebench
