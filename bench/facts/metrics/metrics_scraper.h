// Scrapes a server's Prometheus /metrics: once for facts before and after a
// case, and in the background during a case to catch the peak KV cache
// usage (a gauge read only at the end would show the drained cache).
#ifndef SERVEBENCH_BENCH_SERVER_METRICS_METRICS_SCRAPER_H_
#define SERVEBENCH_BENCH_SERVER_METRICS_METRICS_SCRAPER_H_

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/transport/http_client.h"
#include "bench/base/result.h"
#include "bench/facts/metrics/prometheus_text.h"

namespace servebench {

struct MetricsSnapshot {
  std::vector<PromSample> samples;
  // Malformed lines skipped (the parse is lenient).
  std::vector<std::string> warnings;
};

struct PeakWatchResult {
  // The highest KvCacheUsagePct seen; nullopt if no scrape had the gauge.
  std::optional<double> peak_kv_cache_usage_pct;
  int scrapes = 0;         // answered and parsed
  int failures = 0;        // no answer, bad status or unparseable
  std::string last_error;  // of the last failure, if any
};

// Thread-safe; never throws. Scrape() and the watch use separate
// HttpClients (one per thread, as HttpClient requires).
class MetricsScraper {
 public:
  static constexpr double kTimeoutS = 5;

  // `base_url` without the trailing "/metrics", e.g. "http://host:8000".
  explicit MetricsScraper(std::string base_url, ClientOptions options = {});
  // Stops a running watch.
  ~MetricsScraper();
  MetricsScraper(const MetricsScraper&) = delete;
  MetricsScraper& operator=(const MetricsScraper&) = delete;

  // GET base_url/metrics. nullopt when the server answers 404 (it has no
  // metrics endpoint: the facts are unknown, not an error). An Error, saying
  // what to do, when no answer came, on another non-200 status, or when the
  // body is not the text format at all (over the size bound).
  Result<std::optional<MetricsSnapshot>> Scrape();

  // Polls every `interval_ms` (at least 10) in a background thread until
  // StopPeakWatch. Restarts the watch if one is running.
  void StartPeakWatch(int interval_ms);
  // Stops promptly (within one request's timeout at worst, usually at
  // once) and returns what the watch saw. Without a watch: an empty result.
  PeakWatchResult StopPeakWatch();

 private:
  void WatchLoop(int interval_ms);

  const std::string base_url_;
  const ClientOptions options_;

  std::mutex scrape_mutex_;  // guards client_
  HttpClient client_;

  std::mutex watch_mutex_;  // guards the fields below
  std::condition_variable wake_;
  bool stop_ = false;
  PeakWatchResult watch_result_;
  std::thread watcher_;
};

// One GET of `base_url`/metrics with `client`, as MetricsScraper::Scrape.
Result<std::optional<MetricsSnapshot>> ScrapeMetrics(
    HttpClient& client, const std::string& base_url);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_METRICS_METRICS_SCRAPER_H_
