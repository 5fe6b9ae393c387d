// Test helper: points of the measurement clock at chosen milliseconds, so
// that tests can build request timelines by hand.
#ifndef SERVEBENCH_BENCH_LOAD_CLOCK_AT_H_
#define SERVEBENCH_BENCH_LOAD_CLOCK_AT_H_

#include <chrono>

#include "bench/base/clock.h"

namespace servebench::test {

// The point `ms` milliseconds after the clock's epoch (fractions kept to the
// clock's resolution).
inline Clock::time_point At(double ms) {
  return Clock::time_point{} +
         std::chrono::duration_cast<Clock::duration>(
             std::chrono::duration<double, std::milli>(ms));
}

}  // namespace servebench::test

#endif  // SERVEBENCH_BENCH_LOAD_CLOCK_AT_H_
