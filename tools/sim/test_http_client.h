// A small libcurl client for the simulator's HTTP tests: plain requests, and
// streaming requests whose SSE events are stamped with their arrival time.
#ifndef SERVEBENCH_TOOLS_SIM_TEST_HTTP_CLIENT_H_
#define SERVEBENCH_TOOLS_SIM_TEST_HTTP_CLIENT_H_

#include <curl/curl.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/base/result.h"

namespace servebench::sim::testing {

using TestClock = std::chrono::steady_clock;

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

struct SseEventCapture {
  std::string data;  // the "data:" payload
  TestClock::time_point arrived;
};

struct SseResponse {
  long status = 0;
  std::map<std::string, std::string> headers;
  std::vector<SseEventCapture> events;
  std::string raw_body;
  TestClock::time_point sent;      // just before the request went out
  TestClock::time_point finished;  // when the response had ended
  // Set by PostStreamRaw when the transfer failed (0 and "" otherwise).
  CURLcode curl_code = CURLE_OK;
  std::string curl_error;
};

// One curl easy handle, reused across requests so connections are kept
// alive as a real benchmark client keeps them. Not thread-safe: use one
// client per thread. Movable, not copyable.
class TestHttpClient {
 public:
  TestHttpClient();

  Result<HttpResponse> Get(const std::string& url);
  // `extra_headers` are "Name: value" lines.
  Result<HttpResponse> Post(const std::string& url, const std::string& body,
                            const std::vector<std::string>& extra_headers = {});
  Result<SseResponse> PostStream(const std::string& url,
                                 const std::string& body);
  // Like PostStream, but a failed transfer (connection closed or reset, a
  // truncated body) still returns what arrived, with curl_code set.
  SseResponse PostStreamRaw(const std::string& url, const std::string& body);

  // Connections the last transfer had to open (0: it reused one).
  long last_new_connections() const;

 private:
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl_{nullptr,
                                                            &curl_easy_cleanup};
};

}  // namespace servebench::sim::testing

#endif  // SERVEBENCH_TOOLS_SIM_TEST_HTTP_CLIENT_H_
