// One of the closed loop's N streams: a libcurl easy handle reused from
// request to request, its SSE parser and interpreter, and the verdict on each
// transfer. Follows HttpClient's rules (bench/http_client.h): the send time
// comes from CURLOPT_PREREQFUNCTION, events are stamped where they are parsed,
// silence longer than the stall timeout abandons the request, error bodies
// are quoted, and "Expect: 100-continue" is disabled by the caller's headers.
// Internal to bench/load.
#ifndef SERVEBENCH_BENCH_LOAD_STREAM_SLOT_H_
#define SERVEBENCH_BENCH_LOAD_STREAM_SLOT_H_

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <string>

#include "bench/load/load_figures.h"
#include "bench/sse_parser.h"
#include "bench/stream_interpreter.h"

namespace servebench {

struct SlotConfig {
  std::string url;  // the endpoint's full URL
  Endpoint endpoint = Endpoint::kChatCompletions;
  double connect_timeout_s = 10;
  double stall_timeout_s = 300;
  const curl_slist* headers = nullptr;  // shared by every slot of a run
  int artificial_stall_per_event_us = 0;
};

class StreamSlot {
 public:
  // `config` must outlive the slot.
  explicit StreamSlot(const SlotConfig* config);
  ~StreamSlot();
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;

  // Prepares the handle to send `body` for `record`, which must stay at the
  // same address until Finish(). The caller adds easy() to its multi handle.
  void Begin(RequestRecord* record, std::string body);

  // True (once) when a sent request has been silent for longer than the
  // stall timeout; the caller then removes the handle and calls Finish().
  bool CheckStall(Clock::time_point now);

  // Fills the record's figures or error from the transfer's result.
  void Finish(CURLcode code, Clock::time_point now);

  CURL* easy() const { return easy_; }
  RequestRecord* record() const { return record_; }

 private:
  static int OnPrereq(void* user, char*, char*, int, int);
  static size_t OnBytes(char* data, size_t size, size_t nmemb, void* user);
  void OnEvent(const SseEvent& event);
  std::string Verdict(CURLcode code) const;  // empty when the stream is good

  const SlotConfig* config_;
  CURL* easy_;
  RequestRecord* record_ = nullptr;
  std::string body_;  // libcurl reads it in place while sending
  SseParser parser_;
  std::unique_ptr<StreamInterpreter> interpreter_;
  long status_ = 0;  // known once the first body byte arrives
  std::string error_body_;
  std::string parse_error_;
  Clock::time_point last_byte_;
  bool stalled_ = false;
  size_t bytes_ = 0;
  char errbuf_[CURL_ERROR_SIZE] = {0};
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_STREAM_SLOT_H_
