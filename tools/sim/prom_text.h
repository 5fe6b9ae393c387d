// Prometheus text exposition (version 0.0.4) as the engines' clients print
// it: HELP and TYPE before each family, one "name{labels} value" line per
// sample, histograms as cumulative buckets, _count and _sum. Every /metrics
// body of the simulator is written with these.
#ifndef SERVEBENCH_TOOLS_SIM_PROM_TEXT_H_
#define SERVEBENCH_TOOLS_SIM_PROM_TEXT_H_

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace servebench::sim {

// "# HELP <name> <help>\n# TYPE <name> <type>\n".
void AppendFamily(std::string& out, std::string_view name,
                  std::string_view type, std::string_view help);

// "<name>{<labels>} <value>\n", or "<name> <value>\n" without labels;
// `value` as given, or as PromFloat (prom_float.h) prints a double.
void AppendSample(std::string& out, std::string_view name,
                  std::string_view labels, std::string_view value);
void AppendSample(std::string& out, std::string_view name,
                  std::string_view labels, double value);

// A family with its one sample.
void AppendMetric(std::string& out, std::string_view name,
                  std::string_view type, std::string_view help,
                  std::string_view labels, double value);

// A family with its one sample, as a row of a renderer's table of series.
struct MetricRow {
  std::string_view name;
  std::string_view type;
  std::string_view help;
  double value;
};

// AppendMetric for each of `rows` in order, every sample with `labels`.
void AppendMetrics(std::string& out, std::string_view labels,
                   std::initializer_list<MetricRow> rows);

// A count as the double a MetricRow holds.
inline double AsDouble(int64_t count) { return static_cast<double>(count); }

// A histogram family: `cumulative[i]` observations <= `bounds_s[i]`
// (seconds), then le="+Inf" (`count`), _count and _sum (`sum_s`), each
// sample with `labels` first.
void AppendHistogram(std::string& out, std::string_view name,
                     std::string_view help, std::string_view labels,
                     std::span<const double> bounds_s,
                     std::span<const int64_t> cumulative, int64_t count,
                     double sum_s);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_PROM_TEXT_H_
