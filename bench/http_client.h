// A libcurl client for one thread: plain GETs for discovery and streaming
// completion requests whose SSE events are stamped as they are parsed.
//
// One HttpClient owns one curl easy handle, reused across requests so that
// connections stay alive (a fresh TCP handshake per request would add noise
// to TTFT). Never share an HttpClient between threads.
#ifndef SERVEBENCH_BENCH_HTTP_CLIENT_H_
#define SERVEBENCH_BENCH_HTTP_CLIENT_H_

#include <string>

#include "bench/result.h"
#include "bench/stream_interpreter.h"

typedef void CURL;

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

struct StreamOutcome {
  // When libcurl was about to send the request (connection established).
  Clock::time_point sent;
  StreamTrace trace;
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
  // to do, on: no connection; an HTTP status other than 200 (with the start of
  // the body); a stall; an error event in the stream; a stream that was cut
  // or carried no usage (see StreamInterpreter::Finish).
  Result<StreamOutcome> Stream(const std::string& url,
                               const std::string& json_body, Endpoint endpoint);

 private:
  void Reset();
  // A whole (non-streaming) answer: GET, or POST of `json_body` when given.
  Result<HttpResponse> Fetch(const std::string& url,
                             const std::string* json_body, double timeout_s);

  ClientOptions options_;
  CURL* curl_;
};

// The start of an untrusted body, made safe to quote in one line: cut to
// `max_bytes`, control and non-ASCII bytes escaped as \xNN.
std::string QuoteBody(const std::string& body, size_t max_bytes = 300);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_HTTP_CLIENT_H_
