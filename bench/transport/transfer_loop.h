// Runs streaming transfers on one thread with libcurl's socket interface
// over epoll (curl's docs/examples/ephiperfifo.c shows the pattern): per
// arrival one epoll_wait and libcurl's read, where curl_easy_perform and
// curl_multi_poll cost two or three poll() calls per chunk. Used by the
// sequential client (one transfer) and by each thread of the load driver
// (many).
//
// Silence and interruption are checked by the caller between waits
// (StreamTransfer::CheckStall / CheckInterrupt), not in a per-chunk progress
// callback. Never share a loop between threads.
#ifndef SERVEBENCH_BENCH_TRANSPORT_TRANSFER_LOOP_H_
#define SERVEBENCH_BENCH_TRANSPORT_TRANSFER_LOOP_H_

#include <curl/curl.h>

#include <functional>
#include <memory>

#include "bench/base/clock.h"
#include "bench/base/result.h"
#include "bench/transport/stream_transfer.h"

namespace servebench {

class TransferLoop {
 public:
  // `max_connections`: the most transfers in flight at once (one connection
  // each: HTTP pipelining and multiplexing are off, so the server sees
  // separate requests, as separate users would send them).
  static Result<std::unique_ptr<TransferLoop>> Create(int max_connections);
  ~TransferLoop();
  TransferLoop(const TransferLoop&) = delete;
  TransferLoop& operator=(const TransferLoop&) = delete;

  // Starts a transfer begun with StreamTransfer::Begin.
  void Add(StreamTransfer& transfer);
  // Takes a transfer out before it has finished (a stall, an interruption);
  // the caller then calls its Finish.
  void Remove(StreamTransfer& transfer);

  using DoneFn = std::function<void(StreamTransfer&, CURLcode)>;
  // Waits at most `max_wait_ms` for activity (less when libcurl's own timers
  // are due), lets libcurl process it, and hands every transfer that ended
  // to `done`, already removed from the loop. Returns when the wait began
  // and when the processing ended, for the client's check on itself.
  struct Wake {
    Clock::time_point woke;
    Clock::time_point processed;
  };
  Wake RunOnce(int max_wait_ms, const DoneFn& done);
  // The same, waiting at most until `until` with sub-millisecond precision
  // (epoll_pwait2; where the kernel lacks it, whole milliseconds rounded
  // up, so never early): what a request scheduled for `until` needs to be
  // sent on time.
  Wake RunUntil(Clock::time_point until, const DoneFn& done);

  int in_flight() const { return in_flight_; }

 private:
  TransferLoop(CURLM* multi, int epoll_fd);
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* self,
                      void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  void Act(curl_socket_t socket, int flags);
  // Waits at most `wait` for socket activity, then lets libcurl act.
  Wake Run(Clock::duration wait, const DoneFn& done);

  CURLM* multi_;
  int epoll_fd_;
  // libcurl's timer: when it wants CURL_SOCKET_TIMEOUT; none when unset.
  bool timer_set_ = false;
  Clock::time_point timer_due_;
  int running_ = 0;
  int in_flight_ = 0;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_TRANSPORT_TRANSFER_LOOP_H_
