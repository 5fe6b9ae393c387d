// A libcurl client for one thread: plain GETs and POSTs (discovery,
// /tokenize, /metrics) and streaming completion requests (StreamTransfer,
// driven with the easy interface).
//
// Plain requests reuse one easy handle, so their connections stay alive;
// each stream gets a fresh connection (see stream_transfer.h). Never share an
// HttpClient between threads.
#ifndef SERVEBENCH_BENCH_HTTP_CLIENT_H_
#define SERVEBENCH_BENCH_HTTP_CLIENT_H_

#include <memory>
#include <string>

#include "bench/base/result.h"
#include "bench/protocol/stream_interpreter.h"
#include "bench/transport/curl_common.h"
#include "bench/transport/stream_transfer.h"
#include "bench/transport/transfer_loop.h"

namespace servebench {

struct ClientOptions {
  double connect_timeout_s = 10;
  // A stream that delivers no byte at all for this long is abandoned.
  double stall_timeout_s = 300;
  // Sent as "Authorization: Bearer ..." when not empty. Never printed.
  std::string api_key;
};

struct HttpResponse {
  long status = 0;
  std::string body;  // at most kMaxBodyBytes
};

class HttpClient {
 public:
  // Non-streaming bodies (and error bodies) are cut beyond this size.
  static constexpr size_t kMaxBodyBytes = 4 * 1024 * 1024;

  explicit HttpClient(ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Fails only when no HTTP answer came (refused, timed out); any status is a
  // response. `timeout_s` bounds the whole request.
  Result<HttpResponse> Get(const std::string& url, double timeout_s);

  // POSTs a JSON body and returns the whole answer (non-streaming).
  Result<HttpResponse> Post(const std::string& url,
                            const std::string& json_body, double timeout_s);

  // POSTs `json_body` to `url` and interprets the answer as an OpenAI
  // completion stream. Fails, with one sentence saying what happened and what
  // to do (StreamTransfer's verdict): no connection; an HTTP status other than
  // 200 (with the start of the body); a stall; an error event in the stream;
  // a stream that was cut or carried no usage.
  Result<StreamOutcome> Stream(const std::string& url,
                               const std::string& json_body, Endpoint endpoint);

 private:
  // A whole (non-streaming) answer: GET, or POST of `json_body` when given.
  Result<HttpResponse> Fetch(const std::string& url,
                             const std::string* json_body, double timeout_s);

  ClientOptions options_;
  CURL* curl_;
  CurlHeaders stream_headers_;
  TransferSettings stream_settings_;
  StreamTransfer stream_;
  std::unique_ptr<TransferLoop> loop_;  // created on the first stream
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_HTTP_CLIENT_H_
