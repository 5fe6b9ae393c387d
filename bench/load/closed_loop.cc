// The multi-interface event loop: start, replace, judge, self-check.
#include "bench/load/closed_loop.h"

#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "bench/protocol/endpoint.h"
#include "bench/transport/curl_common.h"
#include "bench/transport/stream_transfer.h"

namespace servebench {
namespace {

// How often stalls and the deadline are checked when nothing arrives.
constexpr int kPollTimeoutMs = 100;
// Descriptors the process needs besides one socket per stream (stdio, logs,
// libcurl's wakeup pipe, the simulator's port file...).
constexpr rlim_t kSpareDescriptors = 64;

struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};

Status CheckOptions(const LoadOptions& o) {
  if (o.concurrency < 1) {
    return Error{"load concurrency must be at least 1, got " +
                 std::to_string(o.concurrency)};
  }
  if (o.total_requests < 1) {
    return Error{"a load level needs at least 1 request, got " +
                 std::to_string(o.total_requests)};
  }
  if (o.warmup_requests < 0 || o.warmup_requests >= o.total_requests) {
    return Error{"warm-up requests (" + std::to_string(o.warmup_requests) +
                 ") must be fewer than the total (" +
                 std::to_string(o.total_requests) +
                 "), or nothing is left to measure"};
  }
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur != RLIM_INFINITY &&
      static_cast<rlim_t>(o.concurrency) + kSpareDescriptors > files.rlim_cur) {
    return Error{"concurrency " + std::to_string(o.concurrency) +
                 " needs about " +
                 std::to_string(o.concurrency + kSpareDescriptors) +
                 " file descriptors but the limit (RLIMIT_NOFILE) is " +
                 std::to_string(files.rlim_cur) +
                 ": raise it (ulimit -n) or lower the concurrency"};
  }
  return Ok{};
}

// One of the N streams: a transfer reused from request to request, and the
// record of the request it is carrying (null when idle).
struct Slot {
  StreamTransfer transfer;
  RequestRecord* record = nullptr;
};

// The transfer's verdict and figures into the request's record.
void RecordOutcome(StreamTransfer& transfer, CURLcode code,
                   Clock::time_point now, int64_t max_tokens,
                   RequestRecord& record) {
  Result<StreamOutcome> outcome = transfer.Finish(code);
  record.finished = now;
  record.sent = transfer.sent();
  for (const TextChunk& chunk : transfer.trace().text_chunk_log) {
    record.text_chunk_times.push_back(chunk.at);
  }
  if (!outcome.ok()) {
    record.error = outcome.error();
    return;
  }
  Result<RequestFigures> figures =
      ComputeRequestFigures(outcome->sent, outcome->trace, max_tokens);
  if (figures.ok()) {
    record.figures = *figures;
  } else {
    record.error = figures.error();
  }
}

}  // namespace

Result<LoadResult> RunClosedLoop(const LoadOptions& options,
                                 const RequestBodyFn& make_body) {
  SB_RETURN_IF_ERROR(CheckOptions(options));
  CurlGlobalInit();
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  if (!multi) return Error{"libcurl could not create a multi handle"};
  const long n = options.concurrency;
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, n);
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, n);
  curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, n);
  // One stream per connection: the server sees N independent requests, as
  // N users would send them.
  curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING, CURLPIPE_NOTHING);

  const CurlHeaders headers = RequestHeaders(options.api_key, /*json=*/true);
  const std::string url = options.base_url + EndpointPath(options.endpoint);
  TransferSettings settings;
  settings.connect_timeout_s = options.connect_timeout_s;
  settings.stall_timeout_s = options.stall_timeout_s;
  settings.headers = headers.get();
  settings.artificial_stall_per_event_us =
      options.artificial_stall_per_event_us;
  // One slot per stream, each reused from request to request.
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<Slot*> idle;
  for (int i = 0; i < options.concurrency; ++i) {
    slots.push_back(std::make_unique<Slot>());
    slots.back()->transfer.set_tag(slots.back().get());
    idle.push_back(slots.back().get());
  }

  LoadResult result;
  result.concurrency = options.concurrency;
  // Slots point into this vector: it must never reallocate.
  result.requests.reserve(options.total_requests);
  SelfCheckRecorder recorder;
  const Clock::time_point run_start = Clock::now();
  const auto deadline_passed = [&](Clock::time_point now) {
    return options.max_duration_s > 0 &&
           std::chrono::duration<double>(now - run_start).count() >
               options.max_duration_s;
  };

  int in_flight = 0;
  int completions = 0;
  const auto start_next = [&](Clock::time_point now) {
    const int index = static_cast<int>(result.requests.size());
    if (index >= options.total_requests || deadline_passed(now)) return;
    Slot* slot = idle.back();
    idle.pop_back();
    RequestRecord& record = result.requests.emplace_back();
    record.index = index;
    slot->record = &record;
    slot->transfer.Begin(url, make_body(index), options.endpoint, &settings);
    record.started = Clock::now();
    curl_multi_add_handle(multi.get(), slot->transfer.easy());
    result.max_in_flight = std::max(result.max_in_flight, ++in_flight);
  };
  const auto finish = [&](Slot* slot, CURLcode code, Clock::time_point now) {
    curl_multi_remove_handle(multi.get(), slot->transfer.easy());
    RequestRecord* record = slot->record;
    slot->record = nullptr;
    RecordOutcome(slot->transfer, code, now, options.max_tokens, *record);
    record->warmup = completions++ < options.warmup_requests;
    --in_flight;
    idle.push_back(slot);
    start_next(now);  // the closed loop: replace at once
  };

  for (int i = 0; i < options.concurrency; ++i) start_next(Clock::now());
  Clock::time_point last_stall_scan = Clock::now();
  while (in_flight > 0) {
    const Clock::time_point woke = Clock::now();
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    const Clock::time_point processed = Clock::now();
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      StreamTransfer* transfer = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
      finish(static_cast<Slot*>(transfer->tag()), msg->data.result, processed);
    }
    if (processed - last_stall_scan >=
        std::chrono::milliseconds(kPollTimeoutMs)) {
      last_stall_scan = processed;
      for (const auto& slot : slots) {
        if (slot->record != nullptr && slot->transfer.CheckStall(processed)) {
          finish(slot.get(), CURLE_OK, processed);
        }
      }
    }
    recorder.OnWakeup(woke, processed, Clock::now());
    if (in_flight > 0) {
      curl_multi_poll(multi.get(), nullptr, 0, kPollTimeoutMs, nullptr);
    }
  }
  result.client = recorder.Finish(options.self_check);
  result.client_overloaded = result.client.overloaded;
  result.overload_reason = result.client.reason;
  result.figures = ComputeLoadFigures(result.requests, options.concurrency);
  return result;
}

}  // namespace servebench
