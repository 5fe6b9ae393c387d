// Scrapes a server's Prometheus /metrics: once for facts before and after a
// case, and in the background during a case to catch the peak KV cache
// usage (a gauge read only at the end would show the drained cache).
//
// Cheap by design (it runs beside the measurement on the client's CPU):
// bodies are kept as text and read with selective scans (metric_scan.h),
// nothing is parsed into samples, and the watch stops scraping as soon as
// the server shows it exports no KV usage gauge (llama.cpp, TensorRT-LLM).
#ifndef SERVEBENCH_BENCH_SERVER_METRICS_METRICS_SCRAPER_H_
#define SERVEBENCH_BENCH_SERVER_METRICS_METRICS_SCRAPER_H_

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "bench/base/result.h"
#include "bench/transport/http_client.h"

namespace servebench {

struct MetricsSnapshot {
  std::string text;  // the body, read with metrics_facts.h
};

struct PeakWatchResult {
  // The highest KvCacheUsagePct seen; nullopt if no scrape had the gauge.
  std::optional<double> peak_kv_cache_usage_pct;
  int scrapes = 0;         // answered
  int failures = 0;        // no answer or a bad status
  std::string last_error;  // of the last failure, if any
  // The watch stopped early: the server answered without any KV usage
  // gauge (kKvUsageGauges), so there was no peak to watch for.
  bool no_gauge = false;
};

// Thread-safe; never throws. Scrape() and the watch use separate
// HttpClients (one per thread, as HttpClient requires).
class MetricsScraper {
 public:
  static constexpr double kTimeoutS = 5;
  // Answers in a row without a KV usage gauge after which the watch stops.
  static constexpr int kScrapesWithoutGauge = 2;

  // `metrics_url` is the whole URL, e.g. "http://host:8000/metrics" (see
  // FindMetricsUrl).
  explicit MetricsScraper(std::string metrics_url, ClientOptions options = {});
  // Stops a running watch.
  ~MetricsScraper();
  MetricsScraper(const MetricsScraper&) = delete;
  MetricsScraper& operator=(const MetricsScraper&) = delete;

  const std::string& url() const { return url_; }

  // GET the URL. nullopt when the server answers 404 (it has no metrics
  // endpoint: the facts are unknown, not an error). An Error, saying what to
  // do, when no answer came or on another non-200 status.
  Result<std::optional<MetricsSnapshot>> Scrape();

  // Polls every `interval_ms` (at least 10) in a background thread until
  // StopPeakWatch, or until kScrapesWithoutGauge answers in a row carried
  // no KV usage gauge. Restarts the watch if one is running.
  void StartPeakWatch(int interval_ms);
  // Stops promptly (within one request's timeout at worst, usually at
  // once) and returns what the watch saw. Without a watch: an empty result.
  PeakWatchResult StopPeakWatch();

 private:
  void WatchLoop(int interval_ms);

  const std::string url_;
  const ClientOptions options_;

  std::mutex scrape_mutex_;  // guards client_
  HttpClient client_;

  std::mutex watch_mutex_;  // guards the fields below
  std::condition_variable wake_;
  bool stop_ = false;
  PeakWatchResult watch_result_;
  std::thread watcher_;
};

// One GET of `url` with `client`, as MetricsScraper::Scrape.
Result<std::optional<MetricsSnapshot>> ScrapeMetrics(HttpClient& client,
                                                     const std::string& url);

// Where a server at `base_url` serves Prometheus text: base_url/metrics, or
// (TensorRT-LLM's trtllm-serve, whose /metrics answers JSON iteration
// statistics) base_url/prometheus/metrics. nullopt when neither answers
// Prometheus text (404 or JSON); an Error when /metrics cannot be reached at
// all. `first` receives the body of the URL returned.
Result<std::optional<std::string>> FindMetricsUrl(HttpClient& client,
                                                  const std::string& base_url,
                                                  MetricsSnapshot* first);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_METRICS_METRICS_SCRAPER_H_
