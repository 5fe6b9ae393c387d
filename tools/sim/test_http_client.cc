// libcurl plumbing for the tests; see test_http_client.h.
#include "tools/sim/test_http_client.h"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace servebench::sim::testing {
namespace {

struct Capture {
  std::map<std::string, std::string> headers;
  std::string body;
  // SSE splitting, only for streams.
  bool split_events = false;
  size_t scanned = 0;
  std::vector<SseEventCapture> events;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  std::string line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of("\r\n \t") + 1);
    capture->headers[name] = value;
  }
  return size * count;
}

// libcurl hands over pieces of any size; events end with a blank line.
size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<Capture*>(user);
  const TestClock::time_point now = TestClock::now();
  // Search only the new bytes (and the one before them) for event ends, so
  // a huge line does not cost quadratic time.
  const size_t search_from = std::max(
      capture->scanned, capture->body.empty() ? 0 : capture->body.size() - 1);
  capture->body.append(data, size * count);
  if (capture->split_events) {
    size_t end;
    size_t from = search_from;
    while ((end = capture->body.find("\n\n", from)) != std::string::npos) {
      std::string event =
          capture->body.substr(capture->scanned, end - capture->scanned);
      capture->scanned = end + 2;
      from = capture->scanned;
      constexpr std::string_view kData = "data: ";
      if (event.compare(0, kData.size(), kData) == 0) {
        capture->events.push_back({event.substr(kData.size()), now});
      } else {
        capture->events.push_back({"<not a data line> " + event, now});
      }
    }
  }
  return size * count;
}

}  // namespace

TestHttpClient::TestHttpClient() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_.reset(curl_easy_init());
}

namespace {

Result<long> Perform(CURL* curl, const std::string& url,
                     const std::string* body,
                     const std::vector<std::string>& extra_headers,
                     Capture& capture, CURLcode* code_out = nullptr) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  // A server that ignores "Expect: 100-continue" then stalls the request
  // instead of costing a silent second.
  curl_easy_setopt(curl, CURLOPT_EXPECT_100_TIMEOUT_MS, 30000L);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &capture);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &capture);
  curl_slist* headers = nullptr;
  for (const std::string& header : extra_headers) {
    headers = curl_slist_append(headers, header.c_str());
  }
  if (body != nullptr) {
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body->size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  if (code_out != nullptr) *code_out = code;
  if (code != CURLE_OK) {
    return Error{"request to " + url + " failed: " + curl_easy_strerror(code)};
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

}  // namespace

Result<HttpResponse> TestHttpClient::Get(const std::string& url) {
  Capture capture;
  Result<long> status = Perform(curl_.get(), url, nullptr, {}, capture);
  if (!status.ok()) return status;
  return HttpResponse{*status, std::move(capture.headers),
                      std::move(capture.body)};
}

Result<HttpResponse> TestHttpClient::Post(
    const std::string& url, const std::string& body,
    const std::vector<std::string>& extra_headers) {
  Capture capture;
  Result<long> status =
      Perform(curl_.get(), url, &body, extra_headers, capture);
  if (!status.ok()) return status;
  return HttpResponse{*status, std::move(capture.headers),
                      std::move(capture.body)};
}

Result<SseResponse> TestHttpClient::PostStream(const std::string& url,
                                               const std::string& body) {
  Capture capture;
  capture.split_events = true;
  SseResponse response;
  response.sent = TestClock::now();
  Result<long> status = Perform(curl_.get(), url, &body, {}, capture);
  response.finished = TestClock::now();
  if (!status.ok()) return status;
  response.status = *status;
  response.headers = std::move(capture.headers);
  response.events = std::move(capture.events);
  response.raw_body = std::move(capture.body);
  return response;
}

SseResponse TestHttpClient::PostStreamRaw(const std::string& url,
                                          const std::string& body) {
  Capture capture;
  capture.split_events = true;
  SseResponse response;
  response.sent = TestClock::now();
  CURLcode code = CURLE_OK;
  Result<long> status = Perform(curl_.get(), url, &body, {}, capture, &code);
  response.finished = TestClock::now();
  response.curl_code = code;
  if (!status.ok()) {
    response.curl_error = status.error();
    curl_easy_getinfo(curl_.get(), CURLINFO_RESPONSE_CODE, &response.status);
  } else {
    response.status = *status;
  }
  response.headers = std::move(capture.headers);
  response.events = std::move(capture.events);
  response.raw_body = std::move(capture.body);
  return response;
}

long TestHttpClient::last_new_connections() const {
  long connects = -1;
  curl_easy_getinfo(curl_.get(), CURLINFO_NUM_CONNECTS, &connects);
  return connects;
}

}  // namespace servebench::sim::testing
