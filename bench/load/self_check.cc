// Lag and CPU samples of the event loop, and the verdict on them.
#include "bench/load/self_check.h"

#include <time.h>

#include <algorithm>
#include <cstdio>

#include "bench/base/percentile.h"

namespace servebench {
namespace {

double Milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

std::string Format(const char* format, double a, double b) {
  char buf[128];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

constexpr char kAdvice[] =
    ": the figures measure the client, not the server; lower the concurrency "
    "or use a faster machine";

}  // namespace

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

void JudgeClient(const SelfCheckLimits& limits, ClientSelfCheck& check) {
  check.overloaded = false;
  check.reason.clear();
  if (check.lag_p99_ms > limits.max_lag_p99_ms) {
    check.overloaded = true;
    check.reason =
        Format("the client fell behind (p99 processing lag %.1f ms > %g ms)",
               check.lag_p99_ms, limits.max_lag_p99_ms) +
        kAdvice;
  } else if (check.cpu_fraction > limits.max_cpu_fraction) {
    check.overloaded = true;
    check.reason =
        Format(
            "the client fell behind (its thread was busy %.0f%% of the "
            "time > %.0f%%)",
            check.cpu_fraction * 100, limits.max_cpu_fraction * 100) +
        kAdvice;
  }
}

void JudgeDispatch(const SelfCheckLimits& limits,
                   const std::vector<double>& dispatch_lags_ms,
                   ClientSelfCheck& check) {
  if (dispatch_lags_ms.empty()) return;
  check.dispatch_lag_p99_ms = Percentile(dispatch_lags_ms, 99).value_or(0);
  check.dispatch_lag_max_ms =
      *std::max_element(dispatch_lags_ms.begin(), dispatch_lags_ms.end());
  if (check.overloaded || check.dispatch_lag_p99_ms <= limits.max_lag_p99_ms) {
    return;
  }
  check.overloaded = true;
  check.reason =
      Format(
          "the client sent requests late (p99 dispatch lag %.1f ms > %g "
          "ms after their scheduled time)",
          check.dispatch_lag_p99_ms, limits.max_lag_p99_ms) +
      ": the offered rate was not the one asked for; lower the rate or use a "
      "faster machine";
}

SelfCheckRecorder::SelfCheckRecorder()
    : wall_start_(Clock::now()), cpu_start_s_(ThreadCpuSeconds()) {}

void SelfCheckRecorder::OnWakeup(Clock::time_point woke,
                                 Clock::time_point processed,
                                 Clock::time_point done) {
  lag_ms_.push_back(Milliseconds(processed - woke));
  iteration_ms_.push_back(Milliseconds(done - woke));
}

ClientSelfCheck SelfCheckRecorder::Finish(const SelfCheckLimits& limits) const {
  ClientSelfCheck check;
  check.wakeups = static_cast<int64_t>(lag_ms_.size());
  check.lag_p99_ms = Percentile(lag_ms_, 99).value_or(0);
  check.iteration_p99_ms = Percentile(iteration_ms_, 99).value_or(0);
  if (!lag_ms_.empty()) {
    check.lag_max_ms = *std::max_element(lag_ms_.begin(), lag_ms_.end());
    check.iteration_max_ms =
        *std::max_element(iteration_ms_.begin(), iteration_ms_.end());
  }
  check.cpu_s = ThreadCpuSeconds() - cpu_start_s_;
  check.wall_s =
      std::chrono::duration<double>(Clock::now() - wall_start_).count();
  if (check.wall_s > 0) check.cpu_fraction = check.cpu_s / check.wall_s;
  JudgeClient(limits, check);
  return check;
}

}  // namespace servebench
