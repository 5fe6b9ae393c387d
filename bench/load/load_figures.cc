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

LoadFigures ComputeLoadFigures(const std::vector<RequestRecord>& requests,
                               int concurrency) {
  LoadFigures f;
  std::vector<double> ttft, tpot, itl;
  double decode_tps_sum = 0;
  int decode_tps_count = 0;
  for (const RequestRecord& r : requests) {
    if (r.warmup) continue;
    ++f.measured;
    if (!r.ok()) {
      ++f.failed;
      continue;
    }
    ++f.succeeded;
    ttft.push_back(r.figures->ttft_ms);
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

  f.window = FindSteadyWindow(requests, concurrency);
  // Nothing succeeded: no rate at all rather than a rate of zero.
  if (!f.window || f.succeeded == 0) return f;
  int finished_inside = 0;
  for (const RequestRecord& r : requests) {
    if (r.warmup || !r.ok() || r.text_chunk_times.empty()) continue;
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

}  // namespace servebench
