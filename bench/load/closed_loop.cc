// The closed loop on TransferLoop threads: start, replace, judge, self-check.
#include "bench/load/closed_loop.h"

#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "bench/base/interrupt.h"
#include "bench/protocol/endpoint.h"
#include "bench/transport/curl_common.h"
#include "bench/transport/stream_transfer.h"
#include "bench/transport/transfer_loop.h"

namespace servebench {
namespace {

// How often stalls and the deadline are checked when nothing arrives.
constexpr int kPollTimeoutMs = 100;
// Descriptors the process needs besides one socket per stream (stdio, logs,
// libcurl's wakeup pipe, the simulator's port file...).
constexpr rlim_t kSpareDescriptors = 64;

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

int ThreadsFor(const LoadOptions& o) {
  if (o.threads > 0) return std::min(o.threads, o.concurrency);
  const int cores =
      std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return std::clamp((o.concurrency + 255) / 256, 1, cores);
}

// What the threads of one run share. Each request record is written by the
// one thread that runs it; the counters are atomic; bodies are made under a
// lock (the caller's body function need not be thread-safe).
class SharedRun {
 public:
  SharedRun(const LoadOptions& options, const RequestBodyFn& make_body,
            LoadResult& result)
      : options_(options),
        make_body_(make_body),
        result_(result),
        start_(Clock::now()) {
    // Records are claimed by index and must never move.
    result_.requests.resize(options.total_requests);
  }

  // The next request to start, or nullptr when none is left (the count is
  // reached, the deadline passed, or the run was interrupted). `body` is set.
  RequestRecord* Claim(Clock::time_point now, std::string& body) {
    if (stop_ || deadline_passed(now)) return nullptr;
    const int index = next_.fetch_add(1);
    if (index >= options_.total_requests) return nullptr;
    RequestRecord& record = result_.requests[index];
    record.index = index;
    {
      std::lock_guard<std::mutex> lock(body_mutex_);
      body = make_body_(index);
    }
    const int flying = ++in_flight_;
    for (int seen = max_in_flight_.load();
         flying > seen &&
         !max_in_flight_.compare_exchange_weak(seen, flying);) {
    }
    return &record;
  }

  // A request ended: whether it was among the first W completions.
  bool Completed() {
    --in_flight_;
    return completions_.fetch_add(1) < options_.warmup_requests;
  }

  void Stop() { stop_ = true; }
  int started() const {
    return std::min(next_.load(), options_.total_requests);
  }
  int max_in_flight() const { return max_in_flight_.load(); }

 private:
  bool deadline_passed(Clock::time_point now) const {
    return options_.max_duration_s > 0 &&
           std::chrono::duration<double>(now - start_).count() >
               options_.max_duration_s;
  }

  const LoadOptions& options_;
  const RequestBodyFn& make_body_;
  LoadResult& result_;
  const Clock::time_point start_;
  std::atomic<int> next_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::atomic<int> completions_{0};
  std::atomic<bool> stop_{false};
  std::mutex body_mutex_;
};

// One event-loop thread: `streams` slots, each replaced as it finishes.
Result<ClientSelfCheck> RunThread(const LoadOptions& options,
                                  const TransferSettings& settings,
                                  const std::string& url, int streams,
                                  SharedRun& shared) {
  SB_ASSIGN_OR_RETURN(std::unique_ptr<TransferLoop> loop,
                      TransferLoop::Create(streams));
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<Slot*> idle;
  for (int i = 0; i < streams; ++i) {
    slots.push_back(std::make_unique<Slot>());
    slots.back()->transfer.set_tag(slots.back().get());
    idle.push_back(slots.back().get());
  }
  SelfCheckRecorder recorder;
  std::string body;
  const auto start_next = [&](Clock::time_point now) {
    if (idle.empty()) return;
    RequestRecord* record = shared.Claim(now, body);
    if (record == nullptr) return;
    Slot* slot = idle.back();
    idle.pop_back();
    slot->record = record;
    slot->transfer.Begin(url, std::move(body), options.endpoint, &settings);
    record->started = Clock::now();
    loop->Add(slot->transfer);
  };
  const auto finish = [&](Slot* slot, CURLcode code, Clock::time_point now) {
    RequestRecord* record = slot->record;
    slot->record = nullptr;
    RecordOutcome(slot->transfer, code, now, options.max_tokens, *record);
    record->warmup = shared.Completed();
    idle.push_back(slot);
    start_next(now);  // the closed loop: replace at once
  };

  for (int i = 0; i < streams; ++i) start_next(Clock::now());
  Clock::time_point last_scan = Clock::now();
  while (loop->in_flight() > 0) {
    const TransferLoop::Wake wake =
        loop->RunOnce(kPollTimeoutMs, [&](StreamTransfer& t, CURLcode code) {
          finish(static_cast<Slot*>(t.tag()), code, Clock::now());
        });
    // Stalls, SIGTERM and the deadline, checked between waits (at most every
    // 100 ms), not per chunk.
    if (wake.processed - last_scan >=
        std::chrono::milliseconds(kPollTimeoutMs)) {
      last_scan = wake.processed;
      if (Interrupted()) shared.Stop();
      for (const auto& slot : slots) {
        if (slot->record == nullptr) continue;
        if (slot->transfer.CheckStall(wake.processed) ||
            slot->transfer.CheckInterrupt()) {
          loop->Remove(slot->transfer);
          finish(slot.get(), CURLE_OK, wake.processed);
        }
      }
    }
    recorder.OnWakeup(wake.woke, wake.processed, Clock::now());
  }
  return recorder.Finish(options.self_check);
}

// The worst of the threads' checks: what the run is judged by.
ClientSelfCheck Worst(const std::vector<ClientSelfCheck>& threads) {
  ClientSelfCheck worst;
  for (size_t i = 0; i < threads.size(); ++i) {
    const ClientSelfCheck& t = threads[i];
    worst.wakeups += t.wakeups;
    worst.lag_p99_ms = std::max(worst.lag_p99_ms, t.lag_p99_ms);
    worst.lag_max_ms = std::max(worst.lag_max_ms, t.lag_max_ms);
    worst.iteration_p99_ms =
        std::max(worst.iteration_p99_ms, t.iteration_p99_ms);
    worst.iteration_max_ms =
        std::max(worst.iteration_max_ms, t.iteration_max_ms);
    worst.cpu_s += t.cpu_s;
    worst.wall_s = std::max(worst.wall_s, t.wall_s);
    worst.cpu_fraction = std::max(worst.cpu_fraction, t.cpu_fraction);
    if (t.overloaded && !worst.overloaded) {
      worst.overloaded = true;
      worst.reason = threads.size() == 1
                         ? t.reason
                         : "thread " + std::to_string(i + 1) + " of " +
                               std::to_string(threads.size()) + ": " + t.reason;
    }
  }
  return worst;
}

}  // namespace

Result<LoadResult> RunClosedLoop(const LoadOptions& options,
                                 const RequestBodyFn& make_body) {
  SB_RETURN_IF_ERROR(CheckOptions(options));
  const CurlHeaders headers = RequestHeaders(options.api_key, /*json=*/true);
  const std::string url = options.base_url + EndpointPath(options.endpoint);
  TransferSettings settings;
  settings.connect_timeout_s = options.connect_timeout_s;
  settings.stall_timeout_s = options.stall_timeout_s;
  settings.headers = headers.get();
  settings.artificial_stall_per_event_us =
      options.artificial_stall_per_event_us;

  LoadResult result;
  result.concurrency = options.concurrency;
  SharedRun shared(options, make_body, result);
  const int threads = ThreadsFor(options);
  std::vector<Result<ClientSelfCheck>> checks(threads, Error{"not run"});
  {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      // Streams round-robin over the threads.
      const int streams = options.concurrency / threads +
                          (t < options.concurrency % threads ? 1 : 0);
      workers.emplace_back([&, t, streams] {
        checks[t] = RunThread(options, settings, url, streams, shared);
      });
    }
    for (std::thread& w : workers) w.join();
  }
  for (const auto& check : checks) {
    if (!check.ok()) return Error{check.error()};
    result.threads.push_back(*check);
  }
  result.requests.resize(shared.started());  // those never started are none
  result.max_in_flight = shared.max_in_flight();
  result.client = Worst(result.threads);
  result.client_overloaded = result.client.overloaded;
  result.overload_reason = result.client.reason;
  result.figures = ComputeLoadFigures(result.requests, options.concurrency);
  return result;
}

}  // namespace servebench
