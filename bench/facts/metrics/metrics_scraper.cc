// One-off scrapes and the background peak watch.
#include "bench/facts/metrics/metrics_scraper.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "bench/base/safe_text.h"
#include "bench/facts/metrics/metrics_facts.h"

namespace servebench {
namespace {

// A JSON document, not exposition text: what trtllm-serve's /metrics sends.
bool LooksLikeJson(const std::string& body) {
  for (char c : body) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '[' || c == '{';
  }
  return false;
}

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

Result<std::optional<MetricsSnapshot>> ScrapeMetrics(HttpClient& client,
                                                     const std::string& url) {
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
  return std::optional<MetricsSnapshot>(
      MetricsSnapshot{std::move(response->body)});
}

Result<std::optional<std::string>> FindMetricsUrl(HttpClient& client,
                                                  const std::string& base_url,
                                                  MetricsSnapshot* first) {
  const std::string base = WithoutTrailingSlash(base_url);
  SB_ASSIGN_OR_RETURN(auto plain, ScrapeMetrics(client, base + "/metrics"));
  if (plain && !LooksLikeJson(plain->text)) {
    if (first != nullptr) *first = std::move(*plain);
    return std::optional<std::string>(base + "/metrics");
  }
  const std::string other = base + "/prometheus/metrics";
  auto prometheus = ScrapeMetrics(client, other);
  if (!prometheus.ok() || !*prometheus || LooksLikeJson((*prometheus)->text)) {
    return std::optional<std::string>();
  }
  if (first != nullptr) *first = std::move(**prometheus);
  return std::optional<std::string>(other);
}

MetricsScraper::MetricsScraper(std::string metrics_url, ClientOptions options)
    : url_(std::move(metrics_url)),
      options_(options),
      client_(std::move(options)) {}

MetricsScraper::~MetricsScraper() { StopPeakWatch(); }

Result<std::optional<MetricsSnapshot>> MetricsScraper::Scrape() {
  std::lock_guard<std::mutex> lock(scrape_mutex_);
  try {
    return ScrapeMetrics(client_, url_);
  } catch (const std::exception& e) {
    return Error{"scraping " + url_ + " failed: " + e.what()};
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
    int without_gauge = 0;
    std::unique_lock<std::mutex> lock(watch_mutex_);
    while (!stop_) {
      lock.unlock();
      auto snapshot = ScrapeMetrics(client, url_);
      // Read outside the lock: the scan is the only work per scrape.
      std::optional<double> pct;
      if (snapshot.ok() && snapshot->has_value()) {
        pct = KvCacheUsagePct((*snapshot)->text);
      }
      lock.lock();
      if (!snapshot.ok()) {
        ++watch_result_.failures;
        watch_result_.last_error = snapshot.error();
      } else if (!snapshot->has_value()) {
        ++watch_result_.failures;
        watch_result_.last_error = "the server has no /metrics (HTTP 404)";
      } else {
        ++watch_result_.scrapes;
        if (pct) {
          without_gauge = 0;
          auto& peak = watch_result_.peak_kv_cache_usage_pct;
          peak = std::max(peak.value_or(*pct), *pct);
        } else if (++without_gauge >= kScrapesWithoutGauge &&
                   !watch_result_.peak_kv_cache_usage_pct) {
          // Nothing to watch for: scraping on would only cost CPU.
          watch_result_.no_gauge = true;
          return;
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
