// GPU readings over time, and what they say about one window of a run:
// average and peak power, energy, peak memory. Pure: the samplers
// (gpu_sampler.h) fill a series, the suite asks for windows.
//
// Definitions over a window [begin, end], all GPUs together:
//   energy_j      per GPU, the growth of its cumulative energy counter
//                 (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION) between begin and
//                 end, each end read by linear interpolation between the
//                 readings around it; without a counter (or where it went
//                 backwards), the integral of its power, linear between
//                 readings and held flat before the first and after the
//                 last. Summed over the GPUs.
//   power_w_avg   energy_j / window seconds.
//   power_w_max   the largest total power of one sampling (a batch: one
//                 scrape, or one nvidia-smi interval), among the batches
//                 inside the window.
//   memory_used_gib_max  likewise the largest total memory in use.
// A figure no reading supports is absent, never 0.
#ifndef SERVEBENCH_BENCH_FACTS_GPU_GPU_SERIES_H_
#define SERVEBENCH_BENCH_FACTS_GPU_GPU_SERIES_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "bench/base/clock.h"

namespace servebench {

// One GPU's reading at one moment. NaN: not reported.
struct GpuPoint {
  Clock::time_point at;
  uint64_t batch = 0;  // readings taken together share a batch
  int gpu = 0;         // index into GpuSeries::gpu_ids()
  double power_w;
  double energy_mj;  // cumulative since some origin
  double memory_used_mib;
};

struct GpuWindowFigures {
  std::optional<double> power_w_avg;
  std::optional<double> power_w_max;
  std::optional<double> energy_j;
  std::optional<double> memory_used_gib_max;
  double window_s = 0;
  int gpus = 0;  // GPUs with a reading that counted
  // "energy counter", "integrated power", or both joined by " + " when
  // GPUs differ.
  std::string energy_method;
};

// A bounded series: past kMaxPoints the oldest readings are dropped.
class GpuSeries {
 public:
  static constexpr size_t kMaxPoints = size_t{1} << 20;
  static constexpr size_t kMaxGpus = 256;

  // The index of the GPU named `id` (e.g. "0", a UUID), added if new; -1
  // past kMaxGpus distinct GPUs.
  int GpuIndex(const std::string& id);
  const std::deque<std::string>& gpu_ids() const { return ids_; }

  void Add(const GpuPoint& point);
  size_t size() const { return points_.size(); }
  size_t dropped() const { return dropped_; }

  GpuWindowFigures Over(Clock::time_point begin, Clock::time_point end) const;

 private:
  std::deque<std::string> ids_;
  std::deque<GpuPoint> points_;  // in the order added (time order)
  size_t dropped_ = 0;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_GPU_GPU_SERIES_H_
