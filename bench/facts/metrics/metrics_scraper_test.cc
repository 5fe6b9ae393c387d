// MetricsScraper against the simulated vLLM server and against a tiny
// in-test HTTP server that plays scripted answers (404s, errors, a KV cache
// usage that rises and falls).
#include "bench/facts/metrics/metrics_scraper.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <thread>

#include "bench/facts/metrics/metrics_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/simulator.h"

namespace servebench {
namespace {

using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

struct Answer {
  int status = 200;
  std::string body;
};

// One connection at a time, Connection: close; binds an ephemeral port.
class TinyHttpServer {
 public:
  // `answer` gets the request path and how many requests came before.
  explicit TinyHttpServer(std::function<Answer(const std::string&, int)> answer)
      : answer_(std::move(answer)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    url_ = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    thread_ = std::thread([this] { Serve(); });
  }
  ~TinyHttpServer() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  const std::string& url() const { return url_; }
  int requests() const { return requests_; }
  const std::string& last_path() const { return last_path_; }

 private:
  void Serve() {
    while (!stop_) {
      pollfd pfd{fd_, POLLIN, 0};
      if (poll(&pfd, 1, 20) <= 0) continue;
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = read(client, buffer, sizeof(buffer));
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      const size_t start = request.find(' ') + 1;
      last_path_ = request.substr(start, request.find(' ', start) - start);
      const Answer answer = answer_(last_path_, requests_);
      const std::string response =
          "HTTP/1.1 " + std::to_string(answer.status) +
          " X\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " +
          std::to_string(answer.body.size()) + "\r\nConnection: close\r\n\r\n" +
          answer.body;
      (void)!write(client, response.data(), response.size());
      close(client);
      ++requests_;
    }
  }

  std::function<Answer(const std::string&, int)> answer_;
  int fd_ = -1;
  std::string url_;
  std::string last_path_;
  std::atomic<int> requests_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string Usage(double fraction) {
  return "# TYPE vllm:kv_cache_usage_perc gauge\n"
         "vllm:kv_cache_usage_perc{engine=\"0\"} " +
         std::to_string(fraction) + "\n";
}

bool WaitFor(const std::function<bool()>& done, double timeout_s = 10) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(timeout_s);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(MetricsScraperTest, ReadsTheSimulatedServer) {
  auto server = test::StartSimulator("--kv-cache-tokens 4096", "sim_server");
  ASSERT_TRUE(server.ok()) << server.error();
  MetricsScraper scraper(server->url() + "/");
  auto snapshot = scraper.Scrape();
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  ASSERT_TRUE(snapshot->has_value());
  EXPECT_TRUE((*snapshot)->warnings.empty());
  EXPECT_THAT(KvCacheTokensFromCacheConfig((*snapshot)->samples),
              Optional(4096));
  EXPECT_THAT(KvCacheUsagePct((*snapshot)->samples), Optional(DoubleEq(0)));

  scraper.StartPeakWatch(10);
  ASSERT_TRUE(WaitFor([&] {
    // Scrape() works while the watch runs: they use separate clients.
    auto again = scraper.Scrape();
    return again.ok() && again->has_value();
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  PeakWatchResult watch = scraper.StopPeakWatch();
  EXPECT_GE(watch.scrapes, 1);
  EXPECT_EQ(watch.failures, 0) << watch.last_error;
  EXPECT_THAT(watch.peak_kv_cache_usage_pct, Optional(DoubleEq(0)));
}

TEST(MetricsScraperTest, NoMetricsEndpointIsNotAnError) {
  TinyHttpServer server([](const std::string&, int) {
    return Answer{404, "Not Found"};
  });
  MetricsScraper scraper(server.url());
  auto snapshot = scraper.Scrape();
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  EXPECT_FALSE(snapshot->has_value());
  EXPECT_EQ(server.last_path(), "/metrics");
}

TEST(MetricsScraperTest, OtherStatusesAreErrors) {
  TinyHttpServer server([](const std::string&, int) {
    return Answer{503, "overloaded"};
  });
  MetricsScraper scraper(server.url());
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
    TinyHttpServer closed([](const std::string&, int) { return Answer{}; });
    port = std::stoi(closed.url().substr(closed.url().rfind(':') + 1));
  }
  MetricsScraper scraper("http://127.0.0.1:" + std::to_string(port));
  auto snapshot = scraper.Scrape();
  ASSERT_FALSE(snapshot.ok());
  EXPECT_THAT(snapshot.error(), HasSubstr("cannot scrape http://127.0.0.1:"));
}

TEST(MetricsScraperTest, MalformedLinesBecomeWarnings) {
  TinyHttpServer server([](const std::string&, int) {
    return Answer{200, Usage(0.5) + "vllm:broken{ 1\n"};
  });
  MetricsScraper scraper(server.url());
  auto snapshot = scraper.Scrape();
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  ASSERT_TRUE(snapshot->has_value());
  EXPECT_THAT(KvCacheUsagePct((*snapshot)->samples), Optional(DoubleEq(50)));
  EXPECT_THAT((*snapshot)->warnings,
              ElementsAre(HasSubstr("/metrics line 3: ")));
}

TEST(MetricsScraperTest, PeakWatchKeepsTheHighestUsage) {
  const double usage[] = {0.1, 0.7, 0.3};
  TinyHttpServer server([&](const std::string&, int n) {
    return Answer{200, Usage(usage[std::min(n, 2)])};
  });
  MetricsScraper scraper(server.url());
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
  TinyHttpServer server([](const std::string&, int) {
    return Answer{200, Usage(0.2)};
  });
  MetricsScraper scraper(server.url());
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
  TinyHttpServer server([](const std::string&, int) {
    return Answer{404, "no"};
  });
  MetricsScraper scraper(server.url());
  scraper.StartPeakWatch(10);
  ASSERT_TRUE(WaitFor([&] { return server.requests() >= 2; }));
  PeakWatchResult watch = scraper.StopPeakWatch();
  EXPECT_EQ(watch.peak_kv_cache_usage_pct, std::nullopt);
  EXPECT_EQ(watch.scrapes, 0);
  EXPECT_GE(watch.failures, 2);
  EXPECT_THAT(watch.last_error, HasSubstr("no /metrics"));
}

TEST(MetricsScraperTest, StopWithoutAWatchAndDestroyWhileWatching) {
  TinyHttpServer server([](const std::string&, int) {
    return Answer{200, Usage(0.2)};
  });
  {
    MetricsScraper scraper(server.url());
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
