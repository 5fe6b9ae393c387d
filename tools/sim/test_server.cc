// The in-process test server, its log capture and small measurements.
#include "tools/sim/test_server.h"

#include <chrono>
#include <thread>
#include <utility>

#include "gtest/gtest.h"

namespace servebench::sim::testing {

CapturedLog::CapturedLog()
    : file_(std::tmpfile(), &std::fclose), sink_(file_.get()) {
  EXPECT_NE(file_, nullptr) << "no temporary file for the server's log";
}

std::string CapturedLog::Text() const {
  std::FILE* file = file_.get();
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    text.append(buffer, n);
  }
  std::fseek(file, 0, SEEK_END);
  return text;
}

TestServer::TestServer(SimConfig config)
    : server_(std::move(config), log_.sink()), started_(server_.Start()) {
  EXPECT_TRUE(started_.ok()) << started_.error();
}

std::string TestServer::Url(std::string_view path) const {
  return server_.base_url() + std::string(path);
}

void TestServer::WaitReady() const {
  for (int i = 0; i < 500 && !server_.ready(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

double MsBetween(TestClock::time_point from, TestClock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string ChatBody(std::string_view content, int max_tokens,
                     std::string_view members) {
  std::string body = R"({"messages":[{"role":"user","content":")" +
                     std::string(content) + R"("}],"max_tokens":)" +
                     std::to_string(max_tokens);
  if (!members.empty()) body += "," + std::string(members);
  return body + "}";
}

std::string Words(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += i == 0 ? "w" : " w";
  return text;
}

double SampleValue(std::string_view metrics, std::string_view line_start,
                   std::string_view containing) {
  const std::string needle = "\n" + std::string(line_start);
  for (size_t at = metrics.find(needle); at != std::string_view::npos;
       at = metrics.find(needle, at + 1)) {
    const size_t end = metrics.find('\n', at + 1);
    const std::string_view line = metrics.substr(at + 1, end - at - 1);
    if (line.find(containing) == std::string_view::npos) continue;
    return std::stod(std::string(line.substr(line.rfind(' ') + 1)));
  }
  return -1;
}

double MetricValue(TestHttpClient& client, const std::string& base_url,
                   std::string_view series, std::string_view containing) {
  Result<HttpResponse> r = client.Get(base_url + "/metrics");
  if (!r.ok()) return -1;
  return SampleValue(r->body, std::string(series) + "{", containing);
}

}  // namespace servebench::sim::testing
