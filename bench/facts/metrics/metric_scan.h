// Reads only the series a caller names from a Prometheus text body, in one
// pass and without allocating: the hot path of every /metrics read during a
// run (the peak watch scrapes several times a second, and a server exports
// hundreds of series of which a case needs a handful).
//
// Lines are found by searching the body for each wanted name (memmem), so
// the lines of other series are never read; only a wanted line has its
// labels delimited and its value parsed. Comments (# HELP, # TYPE) name a
// series too but are not sample lines and are passed over. A wanted line that
// is malformed is skipped and counted, so one odd line hides nothing else. The
// full parser (prometheus_text.h) is the reference: for every well-formed
// sample both read the same name and value (metric_scan_test checks it).
#ifndef SERVEBENCH_BENCH_FACTS_METRICS_METRIC_SCAN_H_
#define SERVEBENCH_BENCH_FACTS_METRICS_METRIC_SCAN_H_

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

namespace servebench {

// One sample of a wanted series, as views into the scanned text.
struct SampleLine {
  std::string_view name;    // as written
  std::string_view labels;  // between the braces, escapes kept; "" if none
  double value = 0;         // may be NaN or +-Inf
};

// Larger bodies are not scanned at all (no exporter sends 16 MiB).
inline constexpr size_t kMaxMetricsBytes = 16u << 20;

// The metric name a sample line starts with ("" for comments, blank lines
// and lines that start with no name).
std::string_view LineMetricName(std::string_view line);

// Parses a whole sample line whose name is `name` (LineMetricName's answer).
// False when the labels, the value or the timestamp are malformed.
bool ParseSampleLine(std::string_view line, std::string_view name,
                     SampleLine& out);

// The value of `label` in `labels` (SampleLine::labels), escapes kept (the
// names and numbers read here never contain any); nullopt when absent.
std::optional<std::string_view> FindLabel(std::string_view labels,
                                          std::string_view label);

// The next line at or after `pos` that starts with the metric name `name`
// (after any blanks), as a view of `text`; moves `pos` past it. nullopt
// when there is none. Jumps from one occurrence of the name to the next
// with memmem rather than reading every line: a body of thousands of lines
// costs a few fast searches.
std::optional<std::string_view> NextSeriesLine(std::string_view text,
                                               std::string_view name,
                                               size_t& pos);

// Calls visit(const SampleLine&) for each well-formed sample whose name is
// one of `names`: name by name, each in text order. Returns how many lines
// with a wanted name were malformed. Text over kMaxMetricsBytes is not
// scanned (returns 0).
template <typename Names, typename Visit>
size_t ScanSeries(std::string_view text, const Names& names, Visit&& visit) {
  if (text.size() > kMaxMetricsBytes) return 0;
  size_t malformed = 0;
  SampleLine sample;
  for (std::string_view name : names) {
    if (name.empty()) continue;
    size_t pos = 0;
    while (const std::optional<std::string_view> line =
               NextSeriesLine(text, name, pos)) {
      if (!ParseSampleLine(*line, LineMetricName(*line), sample)) {
        ++malformed;
        continue;
      }
      visit(sample);
    }
  }
  return malformed;
}

template <typename Visit>
size_t ScanSeries(std::string_view text,
                  std::initializer_list<std::string_view> names,
                  Visit&& visit) {
  return ScanSeries<std::initializer_list<std::string_view>, Visit>(
      text, names, std::forward<Visit>(visit));
}

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_METRICS_METRIC_SCAN_H_
