// libcurl transfers of one thread: whole answers and streams.
#include "bench/transport/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <optional>

namespace servebench {
namespace {

size_t AppendBounded(char* data, size_t size, size_t nmemb, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t n = size * nmemb;
  if (body->size() < HttpClient::kMaxBodyBytes) {
    body->append(data, std::min(n, HttpClient::kMaxBodyBytes - body->size()));
  }
  return n;
}

}  // namespace

HttpClient::HttpClient(ClientOptions options)
    : options_(std::move(options)),
      curl_((CurlGlobalInit(), curl_easy_init())),
      stream_headers_(RequestHeaders(options_.api_key, /*json=*/true)) {
  stream_settings_.connect_timeout_s = options_.connect_timeout_s;
  stream_settings_.stall_timeout_s = options_.stall_timeout_s;
  stream_settings_.headers = stream_headers_.get();
}

HttpClient::~HttpClient() { curl_easy_cleanup(curl_); }

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
  // Keeps live connections and caches; clears per-request options.
  curl_easy_reset(curl_);
  ApplyCommonOptions(curl_, options_.connect_timeout_s);
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
  if (!loop_) {
    SB_ASSIGN_OR_RETURN(loop_, TransferLoop::Create(1));
  }
  stream_.Begin(url, json_body, endpoint, &stream_settings_);
  loop_->Add(stream_);
  std::optional<Result<StreamOutcome>> outcome;
  while (!outcome) {
    // A silent stream wakes the loop every 100 ms to check for a stall or
    // SIGTERM: nothing runs per chunk for them.
    loop_->RunOnce(100, [&](StreamTransfer& done, CURLcode code) {
      outcome = done.Finish(code);
    });
    if (!outcome &&
        (stream_.CheckStall(Clock::now()) || stream_.CheckInterrupt())) {
      loop_->Remove(stream_);
      outcome = stream_.Finish(CURLE_OK);
    }
  }
  return std::move(*outcome);
}

}  // namespace servebench
