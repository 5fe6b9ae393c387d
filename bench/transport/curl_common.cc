// Headers, connection policy and failure sentences for libcurl transfers.
#include "bench/transport/curl_common.h"

#include <mutex>

#include "bench/transport/url.h"

namespace servebench {

void CurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void ApplyCommonOptions(CURL* easy, double connect_timeout_s) {
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(connect_timeout_s * 1000));
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "servebench");
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, nullptr);
}

CurlHeaders RequestHeaders(const std::string& api_key, bool json) {
  curl_slist* list = nullptr;
  if (json) {
    list = curl_slist_append(list, "Content-Type: application/json");
    list = curl_slist_append(list, "Accept: text/event-stream");
    list = curl_slist_append(list, "Expect:");
  }
  if (!api_key.empty()) {
    const std::string auth = "Authorization: Bearer " + api_key;
    list = curl_slist_append(list, auth.c_str());
  }
  return CurlHeaders(list);
}

void UseFreshConnection(CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
}

std::string DescribeCurlFailure(CURLcode code, const char* errbuf,
                                const std::string& url) {
  std::string detail =
      errbuf != nullptr && errbuf[0] ? errbuf : curl_easy_strerror(code);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '.')) {
    detail.pop_back();
  }
  std::string advice;
  if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
    advice =
        ": is the server running, and do BENCH_URL / BENCH_PORT point at it?";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    advice = ": the server did not answer in time (see BENCH_CONNECT_TIMEOUT)";
  } else if (code == CURLE_GOT_NOTHING) {
    advice =
        ": the server closed the connection without answering; it may have "
        "crashed or restarted: check the server's log";
  } else if (code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR ||
             code == CURLE_SEND_ERROR) {
    advice =
        ": the server closed the connection before the answer was complete; "
        "it may have crashed or restarted: check the server's log";
  }
  return "request to " + RedactUrl(url) + " failed (" + detail + ")" + advice;
}

}  // namespace servebench
