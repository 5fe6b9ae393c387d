// One-off scrapes and the background peak watch.
#include "bench/facts/metrics/metrics_scraper.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "bench/base/safe_text.h"
#include "bench/facts/metrics/metrics_facts.h"

namespace servebench {

Result<std::optional<MetricsSnapshot>> ScrapeMetrics(
    HttpClient& client, const std::string& base_url) {
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/metrics";
  auto response = client.Get(url, MetricsScraper::kTimeoutS);
  if (!response.ok()) {
    return Error{"cannot scrape " + url + ": " + response.error()};
  }
  if (response->status == 404) return std::optional<MetricsSnapshot>();
  if (response->status != 200) {
    return Error{"GET " + url + " answered HTTP " +
                 std::to_string(response->status) + ": " +
                 QuoteBody(response->body) +
                 "; check that the server exports Prometheus metrics there"};
  }
  PromParseOptions options;
  options.lenient = true;
  auto parsed = ParsePrometheusText(response->body, options);
  if (!parsed.ok()) {
    return Error{"GET " + url + " gave no Prometheus text: " + parsed.error()};
  }
  MetricsSnapshot snapshot;
  snapshot.samples = std::move(parsed->samples);
  for (auto& warning : parsed->warnings) {
    snapshot.warnings.push_back(url + " " + warning);
  }
  return std::optional<MetricsSnapshot>(std::move(snapshot));
}

MetricsScraper::MetricsScraper(std::string base_url, ClientOptions options)
    : base_url_(std::move(base_url)),
      options_(options),
      client_(std::move(options)) {}

MetricsScraper::~MetricsScraper() { StopPeakWatch(); }

Result<std::optional<MetricsSnapshot>> MetricsScraper::Scrape() {
  std::lock_guard<std::mutex> lock(scrape_mutex_);
  try {
    return ScrapeMetrics(client_, base_url_);
  } catch (const std::exception& e) {
    return Error{"scraping " + base_url_ + "/metrics failed: " + e.what()};
  }
}

void MetricsScraper::StartPeakWatch(int interval_ms) {
  StopPeakWatch();
  std::lock_guard<std::mutex> lock(watch_mutex_);
  stop_ = false;
  watch_result_ = PeakWatchResult();
  try {
    watcher_ = std::thread(&MetricsScraper::WatchLoop, this,
                           std::max(interval_ms, 10));
  } catch (const std::exception& e) {
    watch_result_.failures = 1;
    watch_result_.last_error =
        std::string("cannot start the metrics watch: ") + e.what();
  }
}

PeakWatchResult MetricsScraper::StopPeakWatch() {
  std::thread watcher;
  {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    stop_ = true;
    watcher = std::move(watcher_);
  }
  wake_.notify_all();
  if (watcher.joinable()) watcher.join();
  std::lock_guard<std::mutex> lock(watch_mutex_);
  PeakWatchResult result = std::move(watch_result_);
  watch_result_ = PeakWatchResult();
  return result;
}

void MetricsScraper::WatchLoop(int interval_ms) {
  try {
    HttpClient client(options_);  // this thread's own
    std::unique_lock<std::mutex> lock(watch_mutex_);
    while (!stop_) {
      lock.unlock();
      auto snapshot = ScrapeMetrics(client, base_url_);
      lock.lock();
      if (!snapshot.ok()) {
        ++watch_result_.failures;
        watch_result_.last_error = snapshot.error();
      } else if (!snapshot->has_value()) {
        ++watch_result_.failures;
        watch_result_.last_error = "the server has no /metrics (HTTP 404)";
      } else {
        ++watch_result_.scrapes;
        if (auto pct = KvCacheUsagePct((*snapshot)->samples)) {
          auto& peak = watch_result_.peak_kv_cache_usage_pct;
          peak = std::max(peak.value_or(*pct), *pct);
        }
      }
      wake_.wait_for(lock, std::chrono::milliseconds(interval_ms),
                     [this] { return stop_; });
    }
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    ++watch_result_.failures;
    watch_result_.last_error =
        std::string("the metrics watch stopped: ") + e.what();
  }
}

}  // namespace servebench
