// MetricsScraper against the simulated vLLM server and against a scripted
// HTTP server (404s, errors, JSON, a KV cache usage that rises and falls).
#include "bench/facts/metrics/metrics_scraper.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <thread>

#include "bench/base/wait_for.h"
#include "bench/facts/metrics/metrics_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/simulator.h"
#include "testing/tiny_http_server.h"

namespace servebench {
namespace {

using ::testing::DoubleEq;
using ::testing::HasSubstr;
using ::testing::Optional;

using test::Answer;
using test::HttpExchange;
using test::TinyHttpServer;

std::string Usage(double fraction) {
  return "# TYPE vllm:kv_cache_usage_perc gauge\n"
         "vllm:kv_cache_usage_perc{engine=\"0\"} " +
         std::to_string(fraction) + "\n";
}

TEST(MetricsScraperTest, ReadsTheSimulatedServer) {
  auto server = test::StartSimulator("--kv-cache-tokens 4096", "sim_server");
  ASSERT_TRUE(server.ok()) << server.error();
  HttpClient client({});
  MetricsSnapshot first;
  auto url = FindMetricsUrl(client, server->url() + "/", &first);
  ASSERT_TRUE(url.ok()) << url.error();
  ASSERT_THAT(*url, Optional(server->url() + "/metrics"));
  MetricsScraper scraper(**url);
  auto snapshot = scraper.Scrape();
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  ASSERT_TRUE(snapshot->has_value());
  EXPECT_THAT(KvCacheTokensFromCacheConfig((*snapshot)->text), Optional(4096));
  EXPECT_THAT(KvCacheUsagePct((*snapshot)->text), Optional(DoubleEq(0)));
  EXPECT_THAT(KvCacheTokensFromCacheConfig(first.text), Optional(4096));

  scraper.StartPeakWatch(10);
  ASSERT_TRUE(WaitFor([&] {
    // Scrape() works while the watch runs: they use separate clients.
    auto again = scraper.Scrape();
    return again.ok() && again->has_value();
  }));
  // 30 watch intervals: room for a busy machine to run the watch once.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  PeakWatchResult watch = scraper.StopPeakWatch();
  EXPECT_GE(watch.scrapes, 1);
  EXPECT_EQ(watch.failures, 0) << watch.last_error;
  EXPECT_THAT(watch.peak_kv_cache_usage_pct, Optional(DoubleEq(0)));
}

TEST(MetricsScraperTest, NoMetricsEndpointIsNotAnError) {
  TinyHttpServer server([](const HttpExchange&, int) {
    return Answer{404, "Not Found"};
  });
  MetricsScraper scraper(server.url() + "/metrics");
  auto snapshot = scraper.Scrape();
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  EXPECT_FALSE(snapshot->has_value());
  EXPECT_EQ(server.last_path(), "/metrics");
}

TEST(MetricsScraperTest, OtherStatusesAreErrors) {
  TinyHttpServer server([](const HttpExchange&, int) {
    return Answer{503, "overloaded"};
  });
  MetricsScraper scraper(server.url() + "/metrics");
  auto snapshot = scraper.Scrape();
  ASSERT_FALSE(snapshot.ok());
  EXPECT_THAT(snapshot.error(), AllOf(HasSubstr("GET " + server.url() +
                                                "/metrics answered HTTP "
                                                "503: "),
                                      HasSubstr("overloaded")));
}

TEST(MetricsScraperTest, NoServerIsAnError) {
  int port = 0;
  {
    TinyHttpServer closed([](const HttpExchange&, int) { return Answer{}; });
    port = std::stoi(closed.url().substr(closed.url().rfind(':') + 1));
  }
  MetricsScraper scraper("http://127.0.0.1:" + std::to_string(port) +
                         "/metrics");
  auto snapshot = scraper.Scrape();
  ASSERT_FALSE(snapshot.ok());
  EXPECT_THAT(snapshot.error(), HasSubstr("cannot scrape http://127.0.0.1:"));
}

TEST(MetricsScraperTest, MalformedLinesHideNothingElse) {
  TinyHttpServer server([](const HttpExchange&, int) {
    return Answer{200, "vllm:kv_cache_usage_perc{engine=\"1\" 0.9\n" +
                           Usage(0.5) + "vllm:kv_cache_usage_perc{ 1\n"};
  });
  MetricsScraper scraper(server.url() + "/metrics");
  auto snapshot = scraper.Scrape();
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  ASSERT_TRUE(snapshot->has_value());
  EXPECT_THAT(KvCacheUsagePct((*snapshot)->text), Optional(DoubleEq(50)));
}

TEST(MetricsScraperTest, FindsTrtllmServesPrometheusTextBesideItsJson) {
  TinyHttpServer server([](const HttpExchange& request, int) {
    if (request.path == "/metrics") {
      return Answer{200, "[{\"gpuMemUsage\": 1}]", "application/json"};
    }
    return Answer{200, "trtllm_time_to_first_token_seconds_count 3\n"};
  });
  HttpClient client({});
  MetricsSnapshot first;
  auto url = FindMetricsUrl(client, server.url(), &first);
  ASSERT_TRUE(url.ok()) << url.error();
  EXPECT_THAT(*url, Optional(server.url() + "/prometheus/metrics"));
  EXPECT_THAT(first.text, HasSubstr("trtllm_time_to_first_token"));
}

TEST(MetricsScraperTest, NoPrometheusTextAnywhereIsNotAnError) {
  TinyHttpServer server([](const HttpExchange& request, int) {
    return request.path == "/metrics" ? Answer{200, "{}", "application/json"}
                                      : Answer{404, "no"};
  });
  HttpClient client({});
  auto url = FindMetricsUrl(client, server.url(), nullptr);
  ASSERT_TRUE(url.ok()) << url.error();
  EXPECT_EQ(*url, std::nullopt);
}

TEST(MetricsScraperTest, WatchStopsWhenTheServerHasNoUsageGauge) {
  // llama.cpp's /metrics: counters, no KV usage gauge.
  TinyHttpServer server([](const HttpExchange&, int) {
    return Answer{200, "llamacpp:prompt_tokens_total 6886\n"};
  });
  MetricsScraper scraper(server.url() + "/metrics");
  scraper.StartPeakWatch(10);
  ASSERT_TRUE(WaitFor([&] {
    return server.requests() >= MetricsScraper::kScrapesWithoutGauge;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // No scrape beyond the ones that showed there was nothing to watch.
  EXPECT_EQ(server.requests(), MetricsScraper::kScrapesWithoutGauge);
  PeakWatchResult watch = scraper.StopPeakWatch();
  EXPECT_TRUE(watch.no_gauge);
  EXPECT_EQ(watch.peak_kv_cache_usage_pct, std::nullopt);
  EXPECT_EQ(watch.failures, 0);
}

TEST(MetricsScraperTest, PeakWatchKeepsTheHighestUsage) {
  const double usage[] = {0.1, 0.7, 0.3};
  TinyHttpServer server([&](const HttpExchange&, int n) {
    return Answer{200, Usage(usage[std::min(n, 2)])};
  });
  MetricsScraper scraper(server.url() + "/metrics");
  scraper.StartPeakWatch(1);  // raised to the 10 ms floor
  ASSERT_TRUE(WaitFor([&] { return server.requests() >= 5; }));
  PeakWatchResult watch = scraper.StopPeakWatch();
  EXPECT_THAT(watch.peak_kv_cache_usage_pct, Optional(DoubleEq(70)));
  EXPECT_GE(watch.scrapes, 4);
  EXPECT_EQ(watch.failures, 0) << watch.last_error;

  // A new watch starts from nothing.
  scraper.StartPeakWatch(10);
  const int seen = server.requests();
  ASSERT_TRUE(WaitFor([&] { return server.requests() > seen; }));
  watch = scraper.StopPeakWatch();
  EXPECT_THAT(watch.peak_kv_cache_usage_pct, Optional(DoubleEq(30)));
}

TEST(MetricsScraperTest, StopIsPromptDuringALongInterval) {
  TinyHttpServer server([](const HttpExchange&, int) {
    return Answer{200, Usage(0.2)};
  });
  MetricsScraper scraper(server.url() + "/metrics");
  scraper.StartPeakWatch(60000);
  ASSERT_TRUE(WaitFor([&] { return server.requests() >= 1; }));
  const auto start = std::chrono::steady_clock::now();
  PeakWatchResult watch = scraper.StopPeakWatch();
  EXPECT_LT(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count(),
      1.0);
  EXPECT_EQ(watch.scrapes, 1);
  EXPECT_THAT(watch.peak_kv_cache_usage_pct, Optional(DoubleEq(20)));
}

TEST(MetricsScraperTest, WatchCountsFailuresWithoutAPeak) {
  TinyHttpServer server([](const HttpExchange&, int) {
    return Answer{404, "no"};
  });
  MetricsScraper scraper(server.url() + "/metrics");
  scraper.StartPeakWatch(10);
  ASSERT_TRUE(WaitFor([&] { return server.requests() >= 2; }));
  PeakWatchResult watch = scraper.StopPeakWatch();
  EXPECT_EQ(watch.peak_kv_cache_usage_pct, std::nullopt);
  EXPECT_EQ(watch.scrapes, 0);
  EXPECT_GE(watch.failures, 2);
  EXPECT_THAT(watch.last_error, HasSubstr("no /metrics"));
}

TEST(MetricsScraperTest, StopWithoutAWatchAndDestroyWhileWatching) {
  TinyHttpServer server([](const HttpExchange&, int) {
    return Answer{200, Usage(0.2)};
  });
  {
    MetricsScraper scraper(server.url() + "/metrics");
    PeakWatchResult none = scraper.StopPeakWatch();
    EXPECT_EQ(none.scrapes, 0);
    EXPECT_EQ(none.peak_kv_cache_usage_pct, std::nullopt);
    scraper.StartPeakWatch(10);
    ASSERT_TRUE(WaitFor([&] { return server.requests() >= 1; }));
  }  // the destructor stops and joins the watch
  const int after = server.requests();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(server.requests(), after);
}

}  // namespace
}  // namespace servebench
