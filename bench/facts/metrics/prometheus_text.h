// A parser for the Prometheus text exposition format (version 0.0.4), the
// body of a server's GET /metrics.
//
// Every sample line becomes one PromSample; histogram and summary series
// (_bucket, _sum, _count, quantile labels) stay separate samples under their
// own names, as they appear on the wire. # HELP and # TYPE are kept per
// family; other '#' lines are comments.
//
// Servers are not ours: a strict parse fails on the first malformed line,
// naming its number; a lenient parse skips such lines and says so in
// warnings, so one odd line does not hide every other metric.
#ifndef SERVEBENCH_BENCH_SERVER_METRICS_PROMETHEUS_TEXT_H_
#define SERVEBENCH_BENCH_SERVER_METRICS_PROMETHEUS_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/result.h"

namespace servebench {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;  // values unescaped
  double value = 0;                           // may be NaN or +-Inf
  std::optional<int64_t> timestamp_ms;
};

struct PromText {
  std::vector<PromSample> samples;  // in text order
  // Family name -> "counter", "gauge", "histogram", "summary" or "untyped".
  std::map<std::string, std::string> types;
  std::map<std::string, std::string> help;  // family name -> unescaped text
  // Lenient mode only: "line 8: ...", one per skipped line.
  std::vector<std::string> warnings;
};

struct PromParseOptions {
  bool lenient = false;
  // Larger input is refused whole: a /metrics body of this size is not a
  // vLLM server's.
  size_t max_bytes = 16u << 20;
  // Lenient mode stops listing skipped lines after this many.
  size_t max_warnings = 20;
};

// Fails on input over max_bytes and, unless lenient, on the first malformed
// line: "line 8: expected a value after the labels, got \"| 17...\"".
Result<PromText> ParsePrometheusText(std::string_view text,
                                     const PromParseOptions& options = {});

// A sample value as the text format writes it (Go's ParseFloat: decimal or
// exponent notation, NaN, +-Inf, Infinity in any case); nullopt when it is
// not one. Allocates nothing.
std::optional<double> ParsePrometheusValue(std::string_view token);

// The samples named `name` (exactly), in text order.
std::vector<const PromSample*> FindSamples(
    const std::vector<PromSample>& samples, std::string_view name);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_METRICS_PROMETHEUS_TEXT_H_
