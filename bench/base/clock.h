// The one clock every measurement uses: monotonic, so a wall-clock change
// during a run never shows up as a figure.
#ifndef SERVEBENCH_BENCH_BASE_CLOCK_H_
#define SERVEBENCH_BENCH_BASE_CLOCK_H_

#include <chrono>

namespace servebench {

using Clock = std::chrono::steady_clock;

// Milliseconds between two points of Clock, as a double.
inline double MillisBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_CLOCK_H_
