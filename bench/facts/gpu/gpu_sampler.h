// Samples the GPUs during a run, from the source the environment names:
//
//   BENCH_DCGM_URL=http://gpu-box:9400/metrics
//       an NVIDIA DCGM exporter, scraped every BENCH_GPU_INTERVAL_MS
//       (default 200) in a background thread and once more at each window
//       edge (Mark). A value starting with "/" is a path on the benchmarked
//       server (the simulator serves a DCGM-like series at /dcgm/metrics).
//   BENCH_GPU_CMD="nvidia-smi --query-gpu=index,power.draw,memory.used
//                  --format=csv,noheader,nounits -lms 200"
//       a long-running command printing one CSV line per GPU per interval,
//       split like a shell line and run as an argument vector (never
//       through a shell), in its own process group, ended when the run ends.
//       Its columns come from --query-gpu (gpu_readings.h).
//
// DCGM wins when both are set (with a warning). The readings go into a
// bounded GpuSeries; windows are asked for afterwards (Over). Lines longer
// than 4 KiB are dropped; a command that ends early, or an exporter that
// stops answering, is a warning and the figures it would give are absent.
#ifndef SERVEBENCH_BENCH_FACTS_GPU_GPU_SAMPLER_H_
#define SERVEBENCH_BENCH_FACTS_GPU_GPU_SAMPLER_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/clock.h"
#include "bench/base/env.h"
#include "bench/base/result.h"
#include "bench/facts/gpu/gpu_readings.h"
#include "bench/facts/gpu/gpu_series.h"
#include "bench/transport/http_client.h"

namespace servebench {

struct GpuSourceSettings {
  enum class Kind { kNone, kDcgm, kCommand };
  Kind kind = Kind::kNone;
  std::string dcgm_url;              // as given
  std::vector<std::string> command;  // already split
  int interval_ms = 200;
  // A variable that cannot be used (an unbalanced quote, a URL that is
  // neither http(s) nor a path, a bad interval).
  std::optional<std::string> error;
  std::vector<std::string> warnings;  // variables set but not used
};

// Pure: reads only through `env`.
GpuSourceSettings GpuSourceFromEnv(const EnvLookup& env);

// The DCGM URL to scrape: `url` itself, or the server's base URL joined
// with a path given as "/...".
std::string ResolveDcgmUrl(const std::string& url,
                           const std::string& server_url);

class GpuSampler {
 public:
  using Warn = std::function<void(const std::string&)>;

  // Starts sampling; nullptr for Kind::kNone, and (after a warning) when
  // the exporter does not answer with any DCGM_FI_DEV_ series. An Error when
  // the settings are bad or the command cannot be started.
  static Result<std::unique_ptr<GpuSampler>> Start(
      const GpuSourceSettings& settings, const std::string& server_url,
      const ClientOptions& options, const Warn& warn);
  // Stops the thread and the command.
  virtual ~GpuSampler();

  // Takes a reading now where the source can be asked (the exporter); a
  // command's readings arrive on their own. Call it just before a window
  // opens and just after it closes, so that an energy counter's readings
  // bracket the window.
  virtual void Mark() = 0;

  GpuWindowFigures Over(Clock::time_point begin, Clock::time_point end) const;
  // How many GPUs have reported, and their model names in their order
  // (those that reported one).
  int GpuCount() const;
  std::vector<std::string> GpuNames() const;
  // "DCGM exporter URL" or "command ARGV", for messages and properties.
  const std::string& source() const { return source_; }
  // Problems noticed since the last call (a command that ended, an
  // exporter that stopped answering).
  std::vector<std::string> TakeWarnings();

 protected:
  GpuSampler() = default;
  // Adds one reading of several GPUs taken at `at`, as one batch.
  void AddReadings(const std::vector<GpuReading>& readings,
                   Clock::time_point at);
  // Adds one GPU's reading; starts a new batch when `new_batch`.
  void AddReading(const GpuReading& reading, Clock::time_point at,
                  bool new_batch);
  void AddWarning(std::string warning);

  std::string source_;

 private:
  mutable std::mutex mutex_;  // guards the fields below
  GpuSeries series_;
  uint64_t batch_ = 0;
  std::map<int, std::string> names_;
  std::vector<std::string> warnings_;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_GPU_GPU_SAMPLER_H_
