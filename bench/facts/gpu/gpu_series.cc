// Window figures from GPU readings: counters interpolated, power
// integrated piecewise linearly, peaks per sampling batch.
#include "bench/facts/gpu/gpu_series.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

namespace servebench {
namespace {

using Reading = std::pair<double, double>;  // seconds since begin, value

// The value at `t` of the piecewise-linear function through `r` (sorted by
// time), flat before the first reading and after the last.
double ValueAt(const std::vector<Reading>& r, double t) {
  if (t <= r.front().first) return r.front().second;
  if (t >= r.back().first) return r.back().second;
  auto next = std::upper_bound(
      r.begin(), r.end(), t,
      [](double x, const Reading& reading) { return x < reading.first; });
  auto prev = next - 1;
  const double span = next->first - prev->first;
  if (span <= 0) return next->second;
  return prev->second +
         (next->second - prev->second) * (t - prev->first) / span;
}

// The integral of ValueAt over [0, length].
double Integral(const std::vector<Reading>& r, double length) {
  std::vector<double> cuts = {0};
  for (const Reading& reading : r) {
    if (reading.first > 0 && reading.first < length) {
      cuts.push_back(reading.first);
    }
  }
  cuts.push_back(length);
  double sum = 0;
  for (size_t i = 1; i < cuts.size(); ++i) {
    sum += (ValueAt(r, cuts[i - 1]) + ValueAt(r, cuts[i])) / 2 *
           (cuts[i] - cuts[i - 1]);
  }
  return sum;
}

// Whether readings cover [0, length]: one inside, or some on both sides.
bool Covers(const std::vector<Reading>& r, double length) {
  bool before = false, after = false;
  for (const Reading& reading : r) {
    if (reading.first >= 0 && reading.first <= length) return true;
    before = before || reading.first < 0;
    after = after || reading.first > length;
  }
  return before && after;
}

// Energy (J) from a cumulative counter in mJ, if its readings bracket the
// window and it never went backwards inside it.
std::optional<double> CounterEnergy(const std::vector<Reading>& r,
                                    double length) {
  if (r.empty() || r.front().first > 0 || r.back().first < length) {
    return std::nullopt;
  }
  for (size_t i = 1; i < r.size(); ++i) {
    if (r[i].first > 0 && r[i - 1].first < length &&
        r[i].second < r[i - 1].second) {
      return std::nullopt;  // the counter was reset
    }
  }
  const double joules = (ValueAt(r, length) - ValueAt(r, 0)) / 1000;
  if (!(joules >= 0) || !std::isfinite(joules)) return std::nullopt;
  return joules;
}

}  // namespace

int GpuSeries::GpuIndex(const std::string& id) {
  for (size_t i = 0; i < ids_.size(); ++i) {
    if (ids_[i] == id) return static_cast<int>(i);
  }
  if (ids_.size() >= kMaxGpus) return -1;
  ids_.push_back(id);
  return static_cast<int>(ids_.size() - 1);
}

void GpuSeries::Add(const GpuPoint& point) {
  if (point.gpu < 0 || static_cast<size_t>(point.gpu) >= ids_.size()) return;
  points_.push_back(point);
  if (points_.size() > kMaxPoints) {
    points_.pop_front();
    ++dropped_;
  }
}

GpuWindowFigures GpuSeries::Over(Clock::time_point begin,
                                 Clock::time_point end) const {
  GpuWindowFigures figures;
  if (end <= begin) return figures;
  const double length = MillisBetween(begin, end) / 1000;
  figures.window_s = length;

  std::vector<std::vector<Reading>> power(ids_.size()), energy(ids_.size());
  std::map<uint64_t, std::pair<double, int>> batch_power, batch_memory;
  for (const GpuPoint& p : points_) {
    const double t = MillisBetween(begin, p.at) / 1000;
    if (std::isfinite(p.power_w) && p.power_w >= 0) {
      power[p.gpu].push_back({t, p.power_w});
    }
    if (std::isfinite(p.energy_mj) && p.energy_mj >= 0) {
      energy[p.gpu].push_back({t, p.energy_mj});
    }
    if (t < 0 || t > length) continue;
    if (std::isfinite(p.power_w) && p.power_w >= 0) {
      auto& [sum, n] = batch_power[p.batch];
      sum += p.power_w;
      ++n;
    }
    if (std::isfinite(p.memory_used_mib) && p.memory_used_mib >= 0) {
      auto& [sum, n] = batch_memory[p.batch];
      sum += p.memory_used_mib;
      ++n;
    }
  }

  bool by_counter = false, by_power = false;
  for (size_t g = 0; g < ids_.size(); ++g) {
    std::optional<double> joules = CounterEnergy(energy[g], length);
    if (joules) {
      by_counter = true;
    } else if (!power[g].empty() && Covers(power[g], length)) {
      joules = Integral(power[g], length);
      by_power = true;
    }
    if (!joules) continue;
    figures.energy_j = figures.energy_j.value_or(0) + *joules;
    ++figures.gpus;
  }
  if (figures.energy_j) {
    figures.power_w_avg = *figures.energy_j / length;
    figures.energy_method = by_counter && by_power ? "energy counter + "
                                                     "integrated power"
                            : by_counter           ? "energy counter"
                                                   : "integrated power";
  }
  for (const auto& [batch, total] : batch_power) {
    figures.power_w_max =
        std::max(figures.power_w_max.value_or(0), total.first);
  }
  for (const auto& [batch, total] : batch_memory) {
    figures.memory_used_gib_max =
        std::max(figures.memory_used_gib_max.value_or(0), total.first / 1024);
  }
  return figures;
}

}  // namespace servebench
