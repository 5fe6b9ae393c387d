// The steady-state window and the aggregate figures (rules in load_figures.h).
#include "bench/load/load_figures.h"

#include <algorithm>
#include <chrono>

namespace servebench {
namespace {

double Milliseconds(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

double SteadyWindow::seconds() const {
  return std::chrono::duration<double>(end - start).count();
}

std::optional<SteadyWindow> FindSteadyWindow(
    const std::vector<RequestRecord>& requests, int concurrency) {
  if (requests.empty() || concurrency < 1) return std::nullopt;
  std::optional<Clock::time_point> ramped;  // first N all sent
  Clock::time_point last_sent = requests.front().sent_or_started();
  std::vector<Clock::time_point> warmup_finishes;
  for (const RequestRecord& r : requests) {
    if (r.index < concurrency) {
      ramped =
          std::max(ramped.value_or(r.sent_or_started()), r.sent_or_started());
    }
    last_sent = std::max(last_sent, r.sent_or_started());
    if (r.warmup) warmup_finishes.push_back(r.finished);
  }
  if (!ramped) return std::nullopt;  // indices do not start at 0
  Clock::time_point start = *ramped;
  if (!warmup_finishes.empty()) {
    start = std::max(start, *std::max_element(warmup_finishes.begin(),
                                              warmup_finishes.end()));
  }
  std::optional<Clock::time_point> drain;
  for (const RequestRecord& r : requests) {
    if (r.finished >= last_sent) {
      drain = std::min(drain.value_or(r.finished), r.finished);
    }
  }
  if (!drain || *drain <= start) return std::nullopt;
  return SteadyWindow{start, *drain};
}

namespace {

// The per-request figures and, over `window`, the rates. `count_warmup`:
// whether warm-up requests' events inside the window count in the rates.
LoadFigures Figures(const std::vector<RequestRecord>& requests,
                    std::optional<SteadyWindow> window, bool count_warmup) {
  LoadFigures f;
  std::vector<double> ttft, tpot, itl, e2e, send_lag;
  double decode_tps_sum = 0;
  int decode_tps_count = 0;
  for (const RequestRecord& r : requests) {
    if (r.warmup) continue;
    ++f.measured;
    if (r.scheduled && r.sent) {
      send_lag.push_back(MillisBetween(*r.scheduled, *r.sent));
    }
    if (!r.ok()) {
      ++f.failed;
      continue;
    }
    ++f.succeeded;
    ttft.push_back(r.figures->ttft_ms);
    e2e.push_back(r.figures->total_time_ms);
    if (r.figures->tpot_ms) tpot.push_back(*r.figures->tpot_ms);
    if (r.figures->decode_tps) {
      decode_tps_sum += *r.figures->decode_tps;
      ++decode_tps_count;
    }
    for (size_t i = 1; i < r.text_chunk_times.size(); ++i) {
      itl.push_back(
          Milliseconds(r.text_chunk_times[i] - r.text_chunk_times[i - 1]));
    }
  }
  if (decode_tps_count > 0) f.per_user_tps = decode_tps_sum / decode_tps_count;
  f.ttft_ms = ComputeQuantiles(std::move(ttft));
  f.tpot_ms = ComputeQuantiles(std::move(tpot));
  f.itl_ms = ComputeQuantiles(std::move(itl));
  f.e2e_ms = ComputeQuantiles(std::move(e2e));
  f.send_lag_ms = ComputeQuantiles(std::move(send_lag));

  f.window = window;
  // Nothing succeeded: no rate at all rather than a rate of zero.
  if (!f.window || f.succeeded == 0) return f;
  int finished_inside = 0;
  for (const RequestRecord& r : requests) {
    if ((r.warmup && !count_warmup) || !r.ok() || r.text_chunk_times.empty()) {
      continue;
    }
    const double per_chunk = static_cast<double>(r.figures->completion_tokens) /
                             static_cast<double>(r.text_chunk_times.size());
    for (Clock::time_point at : r.text_chunk_times) {
      if (at >= f.window->start && at <= f.window->end) {
        f.window_output_tokens += per_chunk;
      }
    }
    if (r.finished > f.window->start && r.finished <= f.window->end) {
      ++finished_inside;
    }
  }
  const double seconds = f.window->seconds();
  f.output_tps = f.window_output_tokens / seconds;
  f.request_tps = finished_inside / seconds;
  return f;
}

// (n − 1) / span of the times, or nothing for fewer than two or no span.
std::optional<double> RateOver(std::vector<Clock::time_point> times) {
  if (times.size() < 2) return std::nullopt;
  const auto [first, last] = std::minmax_element(times.begin(), times.end());
  const double seconds = std::chrono::duration<double>(*last - *first).count();
  if (seconds <= 0) return std::nullopt;
  return static_cast<double>(times.size() - 1) / seconds;
}

}  // namespace

LoadFigures ComputeLoadFigures(const std::vector<RequestRecord>& requests,
                               int concurrency) {
  return Figures(requests, FindSteadyWindow(requests, concurrency),
                 /*count_warmup=*/false);
}

std::optional<SteadyWindow> FindScheduleWindow(
    const std::vector<RequestRecord>& requests) {
  std::optional<Clock::time_point> start, end;
  for (const RequestRecord& r : requests) {
    if (r.turn != 0 || !r.scheduled) continue;
    end = std::max(end.value_or(*r.scheduled), *r.scheduled);
    if (!r.warmup) start = std::min(start.value_or(*r.scheduled), *r.scheduled);
  }
  if (!start || !end || *end <= *start) return std::nullopt;
  return SteadyWindow{*start, *end};
}

LoadFigures ComputeOpenLoopFigures(const std::vector<RequestRecord>& requests) {
  LoadFigures f =
      Figures(requests, FindScheduleWindow(requests), /*count_warmup=*/true);
  std::vector<Clock::time_point> scheduled, sent;
  for (const RequestRecord& r : requests) {
    if (r.turn != 0 || !r.scheduled) continue;
    scheduled.push_back(*r.scheduled);
    if (r.sent) sent.push_back(*r.sent);
  }
  f.scheduled_rps = RateOver(std::move(scheduled));
  f.sent_rps = RateOver(std::move(sent));
  return f;
}

}  // namespace servebench
