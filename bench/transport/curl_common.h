// What every libcurl transfer of servebench shares: global setup, the basic
// handle options, request headers, the no-reuse rule for measured streams,
// and the sentence for a transport failure.
#ifndef SERVEBENCH_BENCH_TRANSPORT_CURL_COMMON_H_
#define SERVEBENCH_BENCH_TRANSPORT_CURL_COMMON_H_

#include <curl/curl.h>

#include <memory>
#include <string>

namespace servebench {

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHeaders = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// curl_global_init, once per process (it is not thread-safe on its own).
void CurlGlobalInit();

// No signals (threads), TCP_NODELAY, the connect timeout, our user agent and
// no content encoding (responses are streamed as sent: nothing to undo).
void ApplyCommonOptions(CURL* easy, double connect_timeout_s);

// With `json`: Content-Type, Accept: text/event-stream and an empty Expect
// (libcurl would otherwise send "Expect: 100-continue" for long prompts and
// wait for the go-ahead: a round trip inside the measured TTFT). With an
// API key: "Authorization: Bearer ...".
CurlHeaders RequestHeaders(const std::string& api_key, bool json);

// A fresh connection for a measured stream: libcurl silently resends a
// request whose reused connection turns out dead before the answer, and a
// measured request must never be sent twice. The handshake stays outside
// TTFT, which starts at CURLOPT_PREREQFUNCTION.
void UseFreshConnection(CURL* easy);

// "request to URL failed (libcurl's words): what it means and what to do".
// The URL is printed without credentials.
std::string DescribeCurlFailure(CURLcode code, const char* errbuf,
                                const std::string& url);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_TRANSPORT_CURL_COMMON_H_
