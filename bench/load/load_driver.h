// The load driver both load modes share: streaming requests spread over
// event-loop threads, each a TransferLoop (libcurl's socket interface on
// epoll), fed by a RequestSource that says which request may start when:
// at once whenever a stream is free (closed_loop.h) or at its scheduled
// time (open_loop.h).
//
// No thread per stream, so timestamps are not perturbed by scheduling
// between many client threads, and one core does not cap the load. Each
// thread checks itself for lag and CPU (self_check.h). Each stream is
// judged as HttpClient::Stream judges one (bench/transport/
// stream_transfer.h); a failed request is recorded with its error sentence
// and not retried, and the others carry on. SIGTERM/SIGINT abandon the
// requests in flight within about 100 ms and start no more.
//
// A request whose time has come but which cannot start (every stream of the
// level busy: max_concurrency reached) waits, and its figures are measured
// from when it was due, so the wait counts (request_figures.h, with the due
// time as the origin). The client's own part of the delay, from when it was
// due and a stream was free to when it was handed to libcurl, is its
// dispatch lag, judged by the self-check.
#ifndef SERVEBENCH_BENCH_LOAD_LOAD_DRIVER_H_
#define SERVEBENCH_BENCH_LOAD_LOAD_DRIVER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/load/load_figures.h"
#include "bench/load/request_source.h"
#include "bench/load/self_check.h"
#include "bench/protocol/endpoint.h"

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
  // Streams: in a closed loop, the requests in flight at all times; in an
  // open loop, the most in flight at once (max_concurrency). One connection
  // per stream, HTTP/2 multiplexing off, so each stream is a separate
  // server request.
  int concurrency = 1;
  // Closed loop: requests in all (conversations × turns). An open loop's
  // count comes from its schedule.
  int total_requests = 1;
  // Requests per conversation (bench/load/request_source.h).
  int turns = 1;
  // What each request asks for (max_tokens): usage claiming more fails the
  // request (bench/protocol/usage_check.h). 0: unknown, not checked.
  int64_t max_tokens = 0;
  // Closed loop: when > 0, no conversation starts after this many seconds;
  // those in flight finish (bounded by the stall timeout).
  double max_duration_s = 0;
  // Closed loop: the first W requests to complete are recorded but excluded
  // from the figures; the steady-state window opens after them
  // (load_figures.h).
  int warmup_requests = 0;
  SelfCheckLimits self_check;
  // Event-loop threads the streams are spread over; at most the
  // concurrency. 0: one per 256 streams, at most the machine's cores.
  int threads = 0;
  // Test hook: busy-waits this long on every SSE event, to play a client
  // too slow for its load.
  int artificial_stall_per_event_us = 0;
};

// Descriptors a process needs besides one socket per stream (stdio, logs,
// libcurl's wakeup pipe, the simulator's port file...).
inline constexpr unsigned kSpareDescriptors = 64;

// Returns the JSON body of request `request_index` (0, 1, ...). Called on an
// event-loop thread just before the request starts, never by two threads at
// once, and for the turns of a conversation in turn order; make prompts
// unique so that prefix caching does not shorten prefill.
using RequestBodyFn = std::function<std::string(int request_index)>;

struct LoadResult {
  int concurrency = 0;
  bool open_loop = false;
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

// Runs `source`'s requests. Fails only when the run cannot start (invalid
// options, too few file descriptors, libcurl setup); per-request failures
// are in the result, whose figures are left for the caller to compute.
Result<LoadResult> RunLoad(const LoadOptions& options, RequestSource& source,
                           const RequestBodyFn& make_body);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_LOAD_DRIVER_H_
