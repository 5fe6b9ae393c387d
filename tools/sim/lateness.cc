// Sharded lateness recording, its windows and its three renderings.
#include "tools/sim/lateness.h"

#include <algorithm>
#include <cstdio>

#include "tools/sim/json_out.h"
#include "tools/sim/metrics.h"
#include "tools/sim/prom_text.h"

namespace servebench::sim {
namespace {

constexpr std::string_view kPercentileNote =
    "log-linear histogram, 128 buckets per power of two: each percentile is "
    "its bucket's upper edge, at most 0.8% above the true value; count, "
    "mean and max are exact";

double Ms(double ns) { return ns / 1e6; }

LatenessFigures FiguresOf(const LatencyHistogram& h) {
  LatenessFigures f;
  f.count = h.count();
  f.mean_ms = Ms(h.mean_ns());
  f.p50_ms = Ms(static_cast<double>(h.Quantile(0.50)));
  f.p99_ms = Ms(static_cast<double>(h.Quantile(0.99)));
  f.p999_ms = Ms(static_cast<double>(h.Quantile(0.999)));
  f.max_ms = Ms(static_cast<double>(h.max_ns()));
  return f;
}

void WriteFigures(JsonWriter& w, const char* key, const LatenessFigures& f) {
  KeyObject(w, key, [&](JsonWriter& w) {
    KeyInt(w, "count", f.count);
    KeyDouble(w, "mean_ms", f.mean_ms);
    KeyDouble(w, "p50_ms", f.p50_ms);
    KeyDouble(w, "p99_ms", f.p99_ms);
    KeyDouble(w, "p999_ms", f.p999_ms);
    KeyDouble(w, "max_ms", f.max_ms);
  });
}

std::string FiguresText(const LatenessFigures& f) {
  char text[256];
  std::snprintf(text, sizeof(text),
                "%lld, mean %.3f ms, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, "
                "max %.3f ms",
                static_cast<long long>(f.count), f.mean_ms, f.p50_ms, f.p99_ms,
                f.p999_ms, f.max_ms);
  return text;
}

void Histogram(std::string& out, std::string_view name, std::string_view help,
               const LatencyHistogram& total,
               const std::array<int64_t, kLatenessBucketsS.size()>& buckets) {
  AppendHistogram(out, name, help, "", kLatenessBucketsS, buckets,
                  total.count(), static_cast<double>(total.sum_ns()) / 1e9);
}

}  // namespace

LatenessRecorder::LatenessRecorder(int shards)
    : started_(Clock::now()), reset_at_(started_), interval_at_(started_) {
  for (int i = 0; i < std::max(1, shards); ++i) {
    shards_.push_back(std::make_unique<Shard>());
  }
}

void LatenessRecorder::Record(int shard, LatenessKind kind,
                              std::chrono::nanoseconds lateness) {
  const int64_t ns = std::max<int64_t>(0, lateness.count());
  const size_t index =
      std::clamp<size_t>(static_cast<size_t>(shard), 0, shards_.size() - 1);
  Shard& s = *shards_[index];
  std::lock_guard lock(s.mutex);
  Series& series = s.series[static_cast<size_t>(kind)];
  for (LatencyHistogram& h : series.windows) h.Add(ns);
  for (size_t i = 0; i < kLatenessBucketsS.size(); ++i) {
    if (static_cast<double>(ns) <= kLatenessBucketsS[i] * 1e9) {
      ++series.buckets[i];
    }
  }
}

LatencyHistogram LatenessRecorder::Merged(LatenessKind kind, Window w,
                                          bool clear) const {
  LatencyHistogram merged;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    LatencyHistogram& h = shard->series[static_cast<size_t>(kind)].windows[w];
    merged.Merge(h);
    if (clear) h.Clear();
  }
  return merged;
}

LatenessReport LatenessRecorder::Report(Window w, bool clear,
                                        std::string window,
                                        Clock::time_point since) const {
  LatenessReport report;
  report.window = std::move(window);
  report.seconds = std::chrono::duration<double>(Clock::now() - since).count();
  report.chunks = FiguresOf(Merged(LatenessKind::kChunk, w, clear));
  report.first_tokens = FiguresOf(Merged(LatenessKind::kFirstToken, w, clear));
  return report;
}

LatenessReport LatenessRecorder::SinceStart() const {
  return Report(kSinceStart, false, "start", started_);
}

LatenessReport LatenessRecorder::SinceReset(bool reset) {
  std::lock_guard lock(windows_mutex_);
  LatenessReport report = Report(
      kSinceReset, reset, reset_at_ == started_ ? "start" : "reset", reset_at_);
  if (reset) reset_at_ = Clock::now();
  return report;
}

std::optional<LatenessReport> LatenessRecorder::TakeInterval() {
  std::lock_guard lock(windows_mutex_);
  LatenessReport report = Report(kInterval, true, "interval", interval_at_);
  interval_at_ = Clock::now();
  if (report.chunks.count == 0 && report.first_tokens.count == 0) {
    return std::nullopt;
  }
  return report;
}

std::string LatenessRecorder::PrometheusText() const {
  std::string out;
  for (LatenessKind kind : {LatenessKind::kChunk, LatenessKind::kFirstToken}) {
    LatencyHistogram total;
    std::array<int64_t, kLatenessBucketsS.size()> buckets{};
    for (const auto& shard : shards_) {
      std::lock_guard lock(shard->mutex);
      const Series& series = shard->series[static_cast<size_t>(kind)];
      total.Merge(series.windows[kSinceStart]);
      for (size_t i = 0; i < buckets.size(); ++i) {
        buckets[i] += series.buckets[i];
      }
    }
    if (kind == LatenessKind::kChunk) {
      Histogram(out, "sim:chunk_lateness_seconds",
                "Simulator only: time from each stream event's scheduled "
                "instant to its write.",
                total, buckets);
    } else {
      Histogram(out, "sim:first_token_lateness_seconds",
                "Simulator only: time from each first token's scheduled "
                "instant to its write.",
                total, buckets);
    }
  }
  return out;
}

std::string LatenessJson(const LatenessReport& report) {
  return JsonObject([&](JsonWriter& w) {
    KeyStr(w, "window", report.window);
    KeyDouble(w, "seconds", report.seconds);
    KeyStr(w, "percentiles", kPercentileNote);
    WriteFigures(w, "chunks", report.chunks);
    WriteFigures(w, "first_tokens", report.first_tokens);
  });
}

LogLine LatenessLogLine(const LatenessReport& report) {
  char head[96];
  std::snprintf(
      head, sizeof(head), "Simulator lateness since %s (%.1f s): ",
      report.window == "interval" ? "the last report" : report.window.c_str(),
      report.seconds);
  return LogLine{.process = LogProcess::kApiServer,
                 .source = "sim_server",
                 .message = std::string(head) + "chunks " +
                            FiguresText(report.chunks) + "; first tokens " +
                            FiguresText(report.first_tokens)};
}

}  // namespace servebench::sim
