// One streaming completion request as a libcurl transfer: the handle's
// options, the callbacks that stamp and interpret SSE events as they arrive,
// stall detection, and the verdict on the stream. Every streaming request of
// servebench goes through this type, driven by a TransferLoop (libcurl's
// socket interface on epoll), alone or among many.
//
// The rules, in one place:
//   - the send time is taken in CURLOPT_PREREQFUNCTION, once the connection
//     is established, so the handshake stays outside TTFT;
//   - every SSE event is stamped where it is parsed, not at libcurl's
//     first-byte time;
//   - each stream gets a fresh connection (UseFreshConnection): a measured
//     request is never silently resent on a dead reused connection;
//   - silence longer than the stall timeout after sending abandons the
//     request; so does SIGTERM/SIGINT (bench/base/interrupt.h): the driver
//     asks (CheckStall, CheckInterrupt) between waits, so nothing runs per
//     chunk for it;
//   - the verdict, in this order: interrupted, stalled, unreadable stream,
//     HTTP status other than 200 (quoting the start of the body), transport
//     failure (unless the server's own error event explains it), then the
//     stream's own judgement (StreamInterpreter::Finish).
// Never share a StreamTransfer between threads.
#ifndef SERVEBENCH_BENCH_TRANSPORT_STREAM_TRANSFER_H_
#define SERVEBENCH_BENCH_TRANSPORT_STREAM_TRANSFER_H_

#include <curl/curl.h>

#include <optional>
#include <string>

#include "bench/base/clock.h"
#include "bench/base/result.h"
#include "bench/protocol/endpoint.h"
#include "bench/protocol/sse_parser.h"
#include "bench/protocol/stream_interpreter.h"

namespace servebench {

struct StreamOutcome {
  // When libcurl was about to send the request (connection established).
  Clock::time_point sent;
  StreamTrace trace;
};

struct TransferSettings {
  double connect_timeout_s = 10;
  // A sent request that receives no byte for this long is abandoned.
  double stall_timeout_s = 300;
  // Request headers (RequestHeaders(api_key, /*json=*/true)); must outlive
  // the transfer.
  const curl_slist* headers = nullptr;
  // Test hook: busy-waits this long on every SSE event, to play a client too
  // slow for its load.
  int artificial_stall_per_event_us = 0;
};

class StreamTransfer {
 public:
  StreamTransfer();
  ~StreamTransfer();
  StreamTransfer(const StreamTransfer&) = delete;
  StreamTransfer& operator=(const StreamTransfer&) = delete;

  // Sets every option of the handle for a streaming POST of `body` to `url`
  // and resets the stream's state. `settings` must outlive the transfer.
  void Begin(const std::string& url, std::string body, Endpoint endpoint,
             const TransferSettings* settings);

  // The caller adds easy() to its multi handle (a TransferLoop), and on
  // CURLMSG_DONE calls Finish with the transfer's code. CURLINFO_PRIVATE of
  // the handle is this transfer; `tag` is the caller's own (e.g. its slot).
  CURL* easy() const { return easy_; }
  void set_tag(void* tag) { tag_ = tag; }
  void* tag() const { return tag_; }
  // True (once) when a sent request has been silent for longer than the
  // stall timeout; the caller then removes the handle and calls Finish.
  bool CheckStall(Clock::time_point now);
  // True (once) when SIGTERM or SIGINT arrived; the caller then removes the
  // handle and calls Finish.
  bool CheckInterrupt();
  // The verdict on the stream, once the transfer has ended with `code`.
  Result<StreamOutcome> Finish(CURLcode code);

  // When the request was sent; absent while connecting (or if it never was).
  std::optional<Clock::time_point> sent() const { return sent_; }
  const StreamTrace& trace() const { return interpreter_.trace(); }

 private:
  static int OnPrereq(void* user, char*, char*, int, int);
  static size_t OnBytes(char* data, size_t size, size_t nmemb, void* user);
  void OnEvent(const SseEvent& event, Clock::time_point arrived);
  bool SilentTooLong(Clock::time_point now) const;

  CURL* easy_;
  void* tag_ = nullptr;
  const TransferSettings* settings_ = nullptr;
  std::string url_;
  std::string body_;  // libcurl reads it in place while sending
  SseParser parser_;
  StreamInterpreter interpreter_{Endpoint::kChatCompletions};
  std::optional<Clock::time_point> sent_;
  Clock::time_point last_byte_;
  long status_ = 0;  // known once the first body byte arrives
  std::string error_body_;
  std::string parse_error_;
  bool stalled_ = false;
  bool interrupted_ = false;
  size_t bytes_ = 0;
  char errbuf_[CURL_ERROR_SIZE] = {0};
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_TRANSPORT_STREAM_TRANSFER_H_
