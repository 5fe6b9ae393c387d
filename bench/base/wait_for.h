// Polling a condition until it holds or a deadline passes: for code (and
// tests) waiting on another thread or process without a notification.
#ifndef SERVEBENCH_BENCH_BASE_WAIT_FOR_H_
#define SERVEBENCH_BENCH_BASE_WAIT_FOR_H_

#include <functional>

namespace servebench {

// Calls `done` every few milliseconds until it returns true (then true) or
// `timeout_s` seconds have passed (then false).
bool WaitFor(const std::function<bool()>& done, double timeout_s = 10);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_WAIT_FOR_H_
