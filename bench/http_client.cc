// libcurl transfers: stamping SSE events, detecting stalls, quoting errors.
#include "bench/http_client.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>

#include "bench/curl_common.h"
#include "bench/interrupt.h"
#include "bench/sse_parser.h"
#include "bench/url.h"

namespace servebench {
namespace {

// curl_global_init is not thread-safe; do it once per process.
void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t AppendBounded(char* data, size_t size, size_t nmemb, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t n = size * nmemb;
  if (body->size() < HttpClient::kMaxBodyBytes) {
    body->append(data, std::min(n, HttpClient::kMaxBodyBytes - body->size()));
  }
  return n;
}

// State shared with the streaming callbacks of one transfer.
struct StreamState {
  explicit StreamState(Endpoint endpoint) : interpreter(endpoint) {}

  CURL* curl = nullptr;
  long status = 0;  // known once the first body byte arrives
  std::string error_body;
  SseParser parser;
  StreamInterpreter interpreter;
  std::string parse_error;
  Clock::time_point sent;
  Clock::time_point last_byte;
  double stall_timeout_s = 0;
  bool stalled = false;
  bool interrupted = false;
  size_t bytes = 0;
};

int OnPrereq(void* user, char*, char*, int, int) {
  auto* state = static_cast<StreamState*>(user);
  state->sent = Clock::now();
  state->last_byte = state->sent;
  return CURL_PREREQFUNC_OK;
}

size_t OnStreamBytes(char* data, size_t size, size_t nmemb, void* user) {
  auto* state = static_cast<StreamState*>(user);
  const size_t n = size * nmemb;
  state->last_byte = Clock::now();
  state->bytes += n;
  if (state->status == 0) {
    curl_easy_getinfo(state->curl, CURLINFO_RESPONSE_CODE, &state->status);
  }
  if (state->status != 200) {
    if (state->error_body.size() < 4096)
      state->error_body.append(data, std::min<size_t>(n, 4096));
    return n;
  }
  Status fed = state->parser.Feed(
      std::string_view(data, n), [state](const SseEvent& event) {
        // Stamp each event where it is parsed: this is the arrival time the
        // figures use, not libcurl's first-byte time.
        state->interpreter.OnEvent(event, Clock::now());
      });
  if (!fed.ok()) {
    state->parse_error = fed.error();
    return 0;  // anything but n aborts the transfer
  }
  return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* state = static_cast<StreamState*>(user);
  if (Interrupted()) {
    state->interrupted = true;
    return 1;
  }
  if (state->sent == Clock::time_point{}) return 0;  // not sent yet
  const double quiet_s =
      std::chrono::duration<double>(Clock::now() - state->last_byte).count();
  if (quiet_s > state->stall_timeout_s) {
    state->stalled = true;
    return 1;  // aborts with CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

std::string FormatSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

}  // namespace

std::string QuoteBody(const std::string& body, size_t max_bytes) {
  std::string out;
  const size_t n = std::min(body.size(), max_bytes);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(body[i]);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (body.size() > max_bytes)
    out += "... (" + std::to_string(body.size()) + " bytes)";
  return out;
}

HttpClient::HttpClient(ClientOptions options) : options_(std::move(options)) {
  GlobalInit();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() { curl_easy_cleanup(curl_); }

void HttpClient::Reset() {
  // Keeps live connections and caches; clears per-request options.
  curl_easy_reset(curl_);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout_s * 1000));
  curl_easy_setopt(curl_, CURLOPT_USERAGENT, "servebench");
  // Responses are streamed as sent: no content encoding to undo.
  curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, nullptr);
}

Result<HttpResponse> HttpClient::Get(const std::string& url, double timeout_s) {
  return Fetch(url, nullptr, timeout_s);
}

Result<HttpResponse> HttpClient::Post(const std::string& url,
                                      const std::string& json_body,
                                      double timeout_s) {
  return Fetch(url, &json_body, timeout_s);
}

Result<HttpResponse> HttpClient::Fetch(const std::string& url,
                                       const std::string* json_body,
                                       double timeout_s) {
  Reset();
  CurlHeaders headers =
      RequestHeaders(options_.api_key, /*json=*/json_body != nullptr);
  HttpResponse response;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers.get());
  if (json_body != nullptr) {
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, json_body->c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(json_body->size()));
  }
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(timeout_s * 1000));
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, AppendBounded);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errbuf);
  const CURLcode code = curl_easy_perform(curl_);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) return Error{DescribeCurlFailure(code, errbuf, url)};
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Result<StreamOutcome> HttpClient::Stream(const std::string& url,
                                         const std::string& json_body,
                                         Endpoint endpoint) {
  Reset();
  CurlHeaders headers = RequestHeaders(options_.api_key, /*json=*/true);
  StreamState state(endpoint);
  state.curl = curl_;
  state.stall_timeout_s = options_.stall_timeout_s;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, json_body.c_str());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(json_body.size()));
  UseFreshConnection(curl_);
  curl_easy_setopt(curl_, CURLOPT_PREREQFUNCTION, OnPrereq);
  curl_easy_setopt(curl_, CURLOPT_PREREQDATA, &state);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, OnStreamBytes);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, &state);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errbuf);
  const CURLcode code = curl_easy_perform(curl_);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
  if (state.status == 0)
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &state.status);

  const StreamTrace& trace = state.interpreter.trace();
  if (state.interrupted) {
    return Error{std::string("interrupted by ") + InterruptSignalName() +
                 " after " + std::to_string(trace.chunks) +
                 " chunks: the request was abandoned and is not counted"};
  }
  if (state.stalled) {
    return Error{
        "no bytes from " + RedactUrl(url) + " for " +
        FormatSeconds(options_.stall_timeout_s) +
        " s (BENCH_STALL_TIMEOUT) after " + std::to_string(trace.chunks) +
        " chunks: the server hung or is overloaded; raise BENCH_STALL_TIMEOUT "
        "if long prefills are expected"};
  }
  if (!state.parse_error.empty()) {
    return Error{"the stream from " + RedactUrl(url) +
                 " could not be read: " + state.parse_error};
  }
  if (state.status != 0 && state.status != 200) {
    return Error{"HTTP " + std::to_string(state.status) + " from " +
                 RedactUrl(url) + ": " + QuoteBody(state.error_body)};
  }
  // An error event followed by a closed connection is the server's answer:
  // report its message rather than the transport's.
  if (code != CURLE_OK && !trace.error) {
    return Error{DescribeCurlFailure(code, errbuf, url) + " after " +
                 std::to_string(state.bytes) + " bytes and " +
                 std::to_string(trace.chunks) + " chunks"};
  }
  if (Status judged = state.interpreter.Finish(); !judged.ok()) {
    return Error{judged.error()};
  }
  return StreamOutcome{state.sent, trace};
}

}  // namespace servebench
