// The exact integral of the power model.
#include "tools/sim/power_model.h"

#include <algorithm>
#include <cmath>

namespace servebench::sim {

PowerMeter::PowerMeter(const SimConfig& config, Clock::time_point start)
    : start_(start),
      idle_w_(config.gpu_idle_watts),
      per_request_w_(config.gpu_watts_per_request),
      last_read_(start) {}

void PowerMeter::AddActive(Clock::time_point begin, Clock::time_point end) {
  if (end <= begin) return;
  std::lock_guard lock(mutex_);
  intervals_.push_back(Interval{begin, end});
}

PowerReading PowerMeter::ReadAt(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  now = std::max(now, last_read_);
  last_read_ = now;
  PowerReading reading;
  int64_t partial_ns = 0;
  // Fold the intervals over by now into the running total.
  auto over = std::remove_if(
      intervals_.begin(), intervals_.end(), [&](const Interval& i) {
        if (i.end > now) return false;
        finished_active_ns_ +=
            std::chrono::duration_cast<std::chrono::nanoseconds>(i.end -
                                                                 i.begin)
                .count();
        return true;
      });
  intervals_.erase(over, intervals_.end());
  for (const Interval& i : intervals_) {
    if (i.begin > now) continue;
    ++reading.active;
    partial_ns +=
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - i.begin)
            .count();
  }
  const long double elapsed_ns = std::max<long double>(
      0, std::chrono::duration_cast<std::chrono::nanoseconds>(now - start_)
             .count());
  // W * ns / 1e6 = mJ.
  const long double energy_mj =
      (static_cast<long double>(idle_w_) * elapsed_ns +
       static_cast<long double>(per_request_w_) *
           static_cast<long double>(finished_active_ns_ + partial_ns)) /
      1e6L;
  reading.energy_mj = static_cast<int64_t>(std::floor(energy_mj));
  reading.power_w =
      idle_w_ + per_request_w_ * static_cast<double>(reading.active);
  return reading;
}

}  // namespace servebench::sim
