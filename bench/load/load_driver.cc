// The load driver's threads: claim, start, judge, replace, self-check.
#include "bench/load/load_driver.h"

#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "bench/base/interrupt.h"
#include "bench/transport/curl_common.h"
#include "bench/transport/stream_transfer.h"
#include "bench/transport/transfer_loop.h"

namespace servebench {
namespace {

// How often stalls and interruptions are checked when nothing arrives.
constexpr auto kPollInterval = std::chrono::milliseconds(100);

Status CheckOptions(const LoadOptions& o, const RequestSource& source) {
  if (o.concurrency < 1) {
    return Error{"load concurrency must be at least 1, got " +
                 std::to_string(o.concurrency)};
  }
  if (source.total() < 1) {
    return Error{"a load level needs at least 1 request, got " +
                 std::to_string(source.total())};
  }
  if (o.warmup_requests < 0 || o.warmup_requests >= source.total()) {
    return Error{"warm-up requests (" + std::to_string(o.warmup_requests) +
                 ") must be fewer than the total (" +
                 std::to_string(source.total()) +
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

// One stream: a transfer reused from request to request, and the record of
// the request it is carrying (null when idle).
struct Slot {
  StreamTransfer transfer;
  RequestRecord* record = nullptr;
};

// The transfer's verdict and figures into the request's record. Figures are
// measured from when the request was due (open loop), else from its send.
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
  Result<RequestFigures> figures = ComputeRequestFigures(
      record.scheduled.value_or(outcome->sent), outcome->trace, max_tokens);
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
  SharedRun(const LoadOptions& options, RequestSource& source,
            const RequestBodyFn& make_body, LoadResult& result)
      : options_(options),
        source_(source),
        make_body_(make_body),
        result_(result) {
    // Records are claimed by index and must never move.
    result_.requests.resize(source.total());
  }

  // The next request that may start at `now`, with `body` set; nullptr when
  // none may (not due yet, none left, or the run was interrupted).
  RequestRecord* Claim(Clock::time_point now, std::string& body) {
    const std::optional<ClaimedRequest> claimed = source_.Claim(now);
    if (!claimed) return nullptr;
    RequestRecord& record = result_.requests[claimed->index];
    record.index = claimed->index;
    record.turn = claimed->index % source_.turns();
    record.claimed = true;
    record.scheduled = claimed->scheduled;
    record.warmup = claimed->warmup;
    {
      std::lock_guard<std::mutex> lock(body_mutex_);
      body = make_body_(claimed->index);
    }
    const int flying = ++in_flight_;
    for (int seen = max_in_flight_.load();
         flying > seen &&
         !max_in_flight_.compare_exchange_weak(seen, flying);) {
    }
    return &record;
  }

  // A request ended: whether it was among the first W completions (closed
  // loop warm-up); releases its conversation's next turn.
  bool Completed(const RequestRecord& record, Clock::time_point now) {
    --in_flight_;
    source_.Finished(record.index, record.ok(), now);
    return completions_.fetch_add(1) < options_.warmup_requests;
  }

  std::optional<Clock::time_point> NextDue() const { return source_.NextDue(); }
  bool Exhausted() const { return source_.Exhausted(); }
  void Stop() { source_.Stop(); }
  int max_in_flight() const { return max_in_flight_.load(); }

 private:
  const LoadOptions& options_;
  RequestSource& source_;
  const RequestBodyFn& make_body_;
  LoadResult& result_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::atomic<int> completions_{0};
  std::mutex body_mutex_;
};

// One event-loop thread with at most `streams` transfers at once; slots are
// made as they are first needed (an open loop may never need them all).
Result<ClientSelfCheck> RunThread(const LoadOptions& options,
                                  const TransferSettings& settings,
                                  const std::string& url, int streams,
                                  SharedRun& shared) {
  SB_ASSIGN_OR_RETURN(std::unique_ptr<TransferLoop> loop,
                      TransferLoop::Create(streams));
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<Slot*> idle;
  SelfCheckRecorder recorder;
  // Since when a stream of this thread has been free: a request due before
  // then waited for a stream, not for the client.
  Clock::time_point free_since = Clock::now();
  const auto idle_slot = [&]() -> Slot* {
    if (idle.empty() && static_cast<int>(slots.size()) < streams) {
      slots.push_back(std::make_unique<Slot>());
      slots.back()->transfer.set_tag(slots.back().get());
      idle.push_back(slots.back().get());
    }
    return idle.empty() ? nullptr : idle.back();
  };
  const auto has_free_stream = [&] {
    return !idle.empty() || static_cast<int>(slots.size()) < streams;
  };
  std::string body;
  const auto start_ready = [&](Clock::time_point now) {
    while (Slot* slot = idle_slot()) {
      RequestRecord* record = shared.Claim(now, body);
      if (record == nullptr) return;
      idle.pop_back();
      slot->record = record;
      slot->transfer.Begin(url, std::move(body), options.endpoint, &settings);
      record->started = Clock::now();
      if (record->scheduled) {
        record->dispatch_lag_ms = MillisBetween(
            std::max(*record->scheduled, free_since), record->started);
      }
      loop->Add(slot->transfer);
    }
  };
  const auto finish = [&](Slot* slot, CURLcode code, Clock::time_point now) {
    RequestRecord* record = slot->record;
    slot->record = nullptr;
    RecordOutcome(slot->transfer, code, now, options.max_tokens, *record);
    if (shared.Completed(*record, now)) record->warmup = true;
    if (!has_free_stream()) free_since = now;
    idle.push_back(slot);
    start_ready(now);  // a free stream takes the next request at once
  };
  const TransferLoop::DoneFn done = [&](StreamTransfer& t, CURLcode code) {
    finish(static_cast<Slot*>(t.tag()), code, Clock::now());
  };

  start_ready(Clock::now());
  Clock::time_point last_scan = Clock::now();
  while (loop->in_flight() > 0 || !shared.Exhausted()) {
    // Sleep until the next request is due when a stream is free for it.
    Clock::time_point until = Clock::now() + kPollInterval;
    if (has_free_stream()) {
      if (std::optional<Clock::time_point> due = shared.NextDue()) {
        until = std::min(until, *due);
      }
    }
    const TransferLoop::Wake wake = loop->RunUntil(until, done);
    start_ready(Clock::now());
    // Stalls and SIGTERM, checked between waits (at most every 100 ms), not
    // per chunk.
    if (wake.processed - last_scan >= kPollInterval) {
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

Result<LoadResult> RunLoad(const LoadOptions& options, RequestSource& source,
                           const RequestBodyFn& make_body) {
  SB_RETURN_IF_ERROR(CheckOptions(options, source));
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
  SharedRun shared(options, source, make_body, result);
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
  // Those never started (interrupted, past the deadline, a conversation
  // ended by a failed turn) are none.
  std::erase_if(result.requests,
                [](const RequestRecord& r) { return !r.claimed; });
  result.max_in_flight = shared.max_in_flight();
  result.client = Worst(result.threads);
  std::vector<double> dispatch_lags;
  for (const RequestRecord& r : result.requests) {
    if (r.dispatch_lag_ms) dispatch_lags.push_back(*r.dispatch_lag_ms);
  }
  JudgeDispatch(options.self_check, dispatch_lags, result.client);
  result.client_overloaded = result.client.overloaded;
  result.overload_reason = result.client.reason;
  return result;
}

}  // namespace servebench
