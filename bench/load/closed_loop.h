// A closed-loop load generator: N streaming requests in flight at all times,
// each finished request immediately replaced by the next, until a total
// count (or a deadline) is reached.
//
// The streams are spread over `threads` event-loop threads, each with its
// own TransferLoop (libcurl's socket interface on epoll): no thread per
// stream, so timestamps are not perturbed by scheduling between many client
// threads, and one core does not cap the load. Each thread checks itself for
// lag and CPU (self_check.h). Each stream is judged as HttpClient::Stream
// judges one (bench/transport/stream_transfer.h); a failed request is
// recorded with its error sentence and not retried, and the others carry on.
// SIGTERM/SIGINT abandon the requests in flight within about 100 ms and
// start no more.
#ifndef SERVEBENCH_BENCH_LOAD_CLOSED_LOOP_H_
#define SERVEBENCH_BENCH_LOAD_CLOSED_LOOP_H_

#include <functional>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/load/load_figures.h"
#include "bench/load/self_check.h"
#include "bench/protocol/stream_interpreter.h"

namespace servebench {

struct LoadOptions {
  // An http(s) base URL without "/v1" (see NormalizeBaseUrl); the endpoint
  // adds its path.
  std::string base_url;
  Endpoint endpoint = Endpoint::kChatCompletions;
  // Sent as "Authorization: Bearer ..." when not empty. Never printed.
  std::string api_key;
  double connect_timeout_s = 10;
  // A sent request that receives no byte for this long is abandoned.
  double stall_timeout_s = 300;
  // Streams in flight (and the connection limit: one connection per stream,
  // HTTP/2 multiplexing off, so each stream is a separate server request).
  int concurrency = 1;
  int total_requests = 1;
  // What each request asks for (max_tokens): usage claiming more fails the
  // request (bench/protocol/usage_check.h). 0: unknown, not checked.
  int64_t max_tokens = 0;
  // When > 0, no request starts after this many seconds; those in flight
  // finish (bounded by the stall timeout).
  double max_duration_s = 0;
  // The first W requests to complete are recorded but excluded from the
  // figures; the steady-state window opens after them (load_figures.h).
  int warmup_requests = 0;
  SelfCheckLimits self_check;
  // Event-loop threads the streams are spread over (round-robin); at most
  // the concurrency. 0: one per 256 streams, at most the machine's cores.
  int threads = 0;
  // Test hook: busy-waits this long on every SSE event, to play a client
  // too slow for its load.
  int artificial_stall_per_event_us = 0;
};

// Returns the JSON body of request `request_index` (0, 1, ...). Called on an
// event-loop thread just before the request starts, never by two threads at
// once; make prompts unique so that prefix caching does not shorten prefill.
using RequestBodyFn = std::function<std::string(int request_index)>;

struct LoadResult {
  int concurrency = 0;
  // Every request that started, by index; failures carry their error.
  std::vector<RequestRecord> requests;
  LoadFigures figures;
  int max_in_flight = 0;  // never more than `concurrency`
  // The client's check on itself: the worst of its threads (the highest lag
  // and CPU share; overloaded when any thread was), and each thread's own.
  ClientSelfCheck client;
  std::vector<ClientSelfCheck> threads;
  // Copied from `client`: when set, the figures measure the client.
  bool client_overloaded = false;
  std::string overload_reason;
};

// Fails only when the run cannot start (invalid options, too few file
// descriptors, libcurl setup); per-request failures are in the result.
Result<LoadResult> RunClosedLoop(const LoadOptions& options,
                                 const RequestBodyFn& make_body);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_CLOSED_LOOP_H_
