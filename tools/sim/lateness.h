// How late the simulator itself writes: for every scheduled SSE event of a
// stream (role, token, usage and [DONE] chunks) and separately for the first
// token, the time between the event's planned instant (timing.h, shifted by
// stall faults) and the moment it was handed to the socket. A perfect
// simulator scores 0; anything above is error the simulator adds to what a
// client measures.
//
// Recording is per shard (one per server thread, each with its own mutex, so
// threads do not contend) into LatencyHistograms: counts, sums and maxima
// are exact, percentiles within 1/128 above the truth (latency_histogram.h).
// Memory is fixed per shard. Three windows are kept: since start (the
// Prometheus histogram and the shutdown log line), since the last reset
// (GET /sim/lateness) and since the last periodic log line.
#ifndef SERVEBENCH_TOOLS_SIM_LATENESS_H_
#define SERVEBENCH_TOOLS_SIM_LATENESS_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/latency_histogram.h"
#include "tools/sim/vllm_log.h"

namespace servebench::sim {

enum class LatenessKind { kChunk, kFirstToken };

// Figures of one kind over one window, in milliseconds.
struct LatenessFigures {
  int64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
};

struct LatenessReport {
  std::string window;  // "start", "reset" or "interval": what it counts from
  double seconds = 0;  // length of the window
  LatenessFigures chunks;
  LatenessFigures first_tokens;
};

// Upper bounds (seconds) of the Prometheus histogram buckets, +Inf aside.
inline constexpr std::array<double, 14> kLatenessBucketsS = {
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
    0.01,    0.025,  0.05,    0.1,    0.25,  0.5,    1.0};

class LatenessRecorder {
 public:
  using Clock = std::chrono::steady_clock;

  // `shards` (at least 1) is the number of threads that record.
  explicit LatenessRecorder(int shards);
  LatenessRecorder(const LatenessRecorder&) = delete;
  LatenessRecorder& operator=(const LatenessRecorder&) = delete;

  // Records one event `lateness` after its due time (negative counts as 0)
  // from the thread owning `shard`.
  void Record(int shard, LatenessKind kind, std::chrono::nanoseconds lateness);

  LatenessReport SinceStart() const;
  // Since start or the last reset; with `reset`, starts a new window.
  LatenessReport SinceReset(bool reset);
  // Since the last call (or start), and starts a new interval; nullopt, with
  // no new interval, when nothing was recorded in it.
  std::optional<LatenessReport> TakeInterval();

  // The Prometheus text of sim:chunk_lateness_seconds and
  // sim:first_token_lateness_seconds (histograms since start).
  std::string PrometheusText() const;

 private:
  enum Window { kSinceStart, kSinceReset, kInterval, kWindows };
  struct Series {
    std::array<LatencyHistogram, kWindows> windows;
    // Cumulative Prometheus bucket counts (le = kLatenessBucketsS[i]).
    std::array<int64_t, kLatenessBucketsS.size()> buckets{};
  };
  struct Shard {
    mutable std::mutex mutex;
    std::array<Series, 2> series;  // by LatenessKind
  };

  // Merges window `w` of `kind` over every shard; with `clear`, clears it.
  LatencyHistogram Merged(LatenessKind kind, Window w, bool clear) const;
  LatenessReport Report(Window w, bool clear, std::string window,
                        Clock::time_point since) const;

  std::vector<std::unique_ptr<Shard>> shards_;
  const Clock::time_point started_;
  mutable std::mutex windows_mutex_;  // guards the two start times below
  Clock::time_point reset_at_;
  Clock::time_point interval_at_;
};

// GET /sim/lateness's body:
// {"window":"reset","seconds":12.5,"percentiles":"...",
//  "chunks":{"count":N,"mean_ms":..,"p50_ms":..,"p99_ms":..,"p999_ms":..,
//            "max_ms":..},"first_tokens":{...}}
std::string LatenessJson(const LatenessReport& report);

// The log's summary line, e.g. "Simulator lateness since start (12.5 s):
// chunks 8064, mean 0.041 ms, p50 0.032 ms, p99 0.180 ms, p99.9 0.410 ms,
// max 0.977 ms; first tokens 128, mean ... ".
LogLine LatenessLogLine(const LatenessReport& report);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_LATENESS_H_
