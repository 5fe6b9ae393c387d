// What one closed-loop load level measured, per request and in aggregate,
// and the steady-state rule that turns the former into the latter.
//
// Steady-state window. A closed loop ramps up (streams are started one after
// another), runs with exactly N streams in flight, and drains (no request is
// left to start, so in-flight falls below N). Aggregate throughput is only
// meaningful in between:
//   start = the latest of
//           - the moment the first N requests have all been sent (the
//             latest send time among requests 0 .. N-1; a request that never
//             reached the server counts from when it was handed to libcurl),
//           - the finish of the W-th completion when W warm-up requests are
//             excluded (so warm-up streams are over before the window opens);
//   end   = the first finish (success or failure) at or after the moment the
//           last request was sent: from then on fewer than N are in flight.
// No window exists when end <= start (e.g. a warm-up longer than the run).
// The window rates are absent when no measured request succeeded.
//
// Figures over the window:
//   output_tps  = output tokens whose chunk arrived inside [start, end]
//                 / window seconds. Tokens per chunk are not known from the
//                 stream in general (speculative decoding sends several), so
//                 each successful request's completion_tokens are spread
//                 evenly over its text chunks. Failed and warm-up requests
//                 contribute nothing.
//   request_tps = successful measured requests finishing inside (start, end]
//                 / window seconds.
// Figures over every measured (not warm-up) successful request, window or
// not: per_user_tps = mean of decode_tps; TTFT, TPOT and E2E latency
// percentiles (see percentile.h); ITL percentiles over the gaps between
// consecutive text chunks of each request.
//
// Open loop (request-rate levels). Requests are due at scheduled times, and
// every latency is measured from that time, so a late send is counted
// (request_figures.h with the scheduled time as the origin). The window is
// the schedule's: from the scheduled arrival of the first measured
// conversation to the last scheduled arrival (arrivals stop there; what
// follows is drain). Warm-up requests still running inside the window are
// the server's work in it, so the window rates count every successful
// request's tokens and completions inside it, warm-up included. Also:
//   send_lag_ms   = sent − scheduled, per measured request (waiting for a
//                   free stream under max_concurrency, the client's own
//                   lateness and the connection setup);
//   scheduled_rps = (n − 1) / (last − first scheduled arrival) and
//   sent_rps      = (n − 1) / (last − first actual send) over the n
//                   conversations' first requests: the rate offered, as
//                   scheduled and as delivered.
#ifndef SERVEBENCH_BENCH_LOAD_LOAD_FIGURES_H_
#define SERVEBENCH_BENCH_LOAD_LOAD_FIGURES_H_

#include <optional>
#include <string>
#include <vector>

#include "bench/base/percentile.h"
#include "bench/protocol/request_figures.h"
#include "bench/protocol/stream_interpreter.h"

namespace servebench {

struct RequestRecord {
  int index = 0;         // passed to the body callback; also the start order
  int turn = 0;          // its turn in its conversation (0: the first)
  bool claimed = false;  // it was started
  bool warmup = false;   // warm-up: excluded from the per-request figures
  // When it was due (open loop); figures are measured from it.
  std::optional<Clock::time_point> scheduled;
  // The client's own delay: from when it was due with a stream free to
  // `started`.
  std::optional<double> dispatch_lag_ms;
  Clock::time_point started;              // handed to libcurl
  std::optional<Clock::time_point> sent;  // request about to leave the client
  Clock::time_point finished;             // the transfer ended, either way
  // Arrival (parse) time of every chunk that carried generated text.
  std::vector<Clock::time_point> text_chunk_times;
  std::optional<RequestFigures> figures;  // present on success
  std::string error;  // on failure: one sentence saying what happened

  bool ok() const { return figures.has_value(); }
  Clock::time_point sent_or_started() const { return sent.value_or(started); }
};

struct SteadyWindow {
  Clock::time_point start;
  Clock::time_point end;
  double seconds() const;
};

struct LoadFigures {
  int measured = 0;   // requests not in warm-up
  int succeeded = 0;  // of those
  int failed = 0;     // of those
  std::optional<SteadyWindow> window;
  double window_output_tokens = 0;  // fractional: see "spread evenly"
  std::optional<double> output_tps;
  std::optional<double> request_tps;
  std::optional<double> per_user_tps;
  std::optional<Quantiles> ttft_ms;
  std::optional<Quantiles> tpot_ms;
  std::optional<Quantiles> itl_ms;
  std::optional<Quantiles> e2e_ms;
  // Open loop only.
  std::optional<Quantiles> send_lag_ms;
  std::optional<double> scheduled_rps;
  std::optional<double> sent_rps;
};

// The window rule above for a closed loop of `concurrency` streams.
// `requests` in any order; their `warmup` flags must already be set.
std::optional<SteadyWindow> FindSteadyWindow(
    const std::vector<RequestRecord>& requests, int concurrency);

LoadFigures ComputeLoadFigures(const std::vector<RequestRecord>& requests,
                               int concurrency);

// The open loop's window: from the first measured conversation's scheduled
// arrival to the last scheduled arrival; none when that is not later.
std::optional<SteadyWindow> FindScheduleWindow(
    const std::vector<RequestRecord>& requests);

// An open loop's figures (rules above); requests carry `scheduled`.
LoadFigures ComputeOpenLoopFigures(const std::vector<RequestRecord>& requests);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_LOAD_FIGURES_H_
