// What a suite run learns about the server besides its figures: memory and
// KV-cache facts from its log, and from /metrics the KV cache size (when the
// log has none), and per case the speculative-decoding acceptance, the peak
// KV cache usage, the server's own clock (its latency histograms) and the
// GPUs' power, energy and memory (BENCH_DCGM_URL or BENCH_GPU_CMD).
#ifndef SERVEBENCH_BENCH_FACTS_SERVER_FACTS_COLLECTOR_H_
#define SERVEBENCH_BENCH_FACTS_SERVER_FACTS_COLLECTOR_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/env.h"
#include "bench/base/result.h"
#include "bench/facts/gpu/gpu_sampler.h"
#include "bench/facts/logs/server_facts.h"
#include "bench/facts/metrics/metrics_facts.h"
#include "bench/facts/metrics/metrics_scraper.h"
#include "bench/gating/metric.h"
#include "bench/transport/http_client.h"

namespace servebench {

// Server-side figures of one case, each absent when unknown.
struct CaseServerFigures {
  std::optional<double> spec_acceptance_rate;
  std::optional<double> spec_mean_acceptance_length;
  std::optional<double> kv_cache_usage_peak_pct;
  // Means of the requests the server finished during the case, from its
  // latency histograms (metrics_facts.h: ServerClockDelta).
  std::optional<ServerClock> clock;
  // The GPUs over the same window, when a GPU source is set.
  std::optional<GpuWindowFigures> gpu;

  // The known ones by their recorded names, e.g. {"spec_acceptance_rate",
  // 0.7}, {"gpu_energy_j", 41.2} (the clock is compared by the suite, see
  // clock_comparison.h).
  std::vector<std::pair<std::string, double>> Named() const;
};

class ServerFactsCollector {
 public:
  using Warn = std::function<void(const std::string&)>;

  // Reads the log named by BENCH_CONTAINER, BENCH_LOG_CMD or BENCH_LOG_FILE
  // (through `getenv`), else `simulator_log` when not empty. An unreadable
  // BENCH_LOG_FILE or a bad variable is an error (bad configuration); a
  // failing docker or log command is a warning, and the facts stay unknown.
  // Starts the GPU sampler BENCH_DCGM_URL or BENCH_GPU_CMD names (a command
  // that cannot start is an error; an exporter that does not answer, a
  // warning). Asks the server's API for the memory facts the log did not
  // give (api_facts.h: llama.cpp's weights, SGLang's and TensorRT-LLM's KV
  // cache tokens, the engine from /v1/models for `model`). Then scrapes
  // base_url/metrics once, unless `scrape_metrics` is false.
  static Result<std::unique_ptr<ServerFactsCollector>> Start(
      const EnvLookup& getenv, const std::string& simulator_log,
      const std::string& base_url, const std::string& model,
      const ClientOptions& options, bool scrape_metrics, const Warn& warn);

  // What can be checked before the server answers: the log and GPU
  // variables (BENCH_LOG_CMD's and BENCH_GPU_CMD's quoting, timeouts, ...)
  // and that a BENCH_LOG_FILE can be read. A mistake here is a configuration
  // error the user should hear about at once, not after the readiness wait.
  static Status CheckSettings(const EnvLookup& getenv);

  // Facts from the log (and /metrics), with `sources` naming where each came
  // from; absent when there was neither.
  const std::optional<ServerFacts>& facts() const { return facts_; }
  const std::string& log_source() const { return log_source_; }
  bool has_metrics() const { return scraper_ != nullptr; }

  // The gated memory metrics that are known.
  std::map<Metric, double> Memory() const;

  // Around one case's measured requests: counters and a GPU reading before,
  // the peak watch during, counters and a GPU reading after. `requests` is how
  // many the case sent: a server may observe a request's histograms a moment
  // after its stream ended, so EndCase scrapes again (for up to a second) until
  // its latency histograms have seen that many.
  void BeginCase();
  CaseServerFigures EndCase(int requests);

  // The GPUs over any window (a load level's steady state); nullopt without
  // a GPU source.
  std::optional<GpuWindowFigures> GpuOver(Clock::time_point begin,
                                          Clock::time_point end) const;
  // What the suite records about the GPUs: how many reported, their model
  // names, and where the readings come from ("" without a source).
  int gpu_count() const { return gpu_ ? gpu_->GpuCount() : 0; }
  std::vector<std::string> gpu_names() const {
    return gpu_ ? gpu_->GpuNames() : std::vector<std::string>{};
  }
  std::string gpu_source() const { return gpu_ ? gpu_->source() : ""; }

 private:
  ServerFactsCollector() = default;

  std::optional<ServerFacts> facts_;
  std::string log_source_;
  std::unique_ptr<MetricsScraper> scraper_;
  std::unique_ptr<GpuSampler> gpu_;
  Clock::time_point gpu_begin_;
  SpecDecodeCounters counters_before_;
  LatencyTotals latency_before_;
  Warn warn_;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_SERVER_FACTS_COLLECTOR_H_
