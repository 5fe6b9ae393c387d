// Family, sample and histogram lines of the Prometheus text format.
#include "tools/sim/prom_text.h"

#include "tools/sim/prom_float.h"

namespace servebench::sim {

void AppendFamily(std::string& out, std::string_view name,
                  std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void AppendSample(std::string& out, std::string_view name,
                  std::string_view labels, std::string_view value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

void AppendSample(std::string& out, std::string_view name,
                  std::string_view labels, double value) {
  AppendSample(out, name, labels, PromFloat(value));
}

void AppendMetric(std::string& out, std::string_view name,
                  std::string_view type, std::string_view help,
                  std::string_view labels, double value) {
  AppendFamily(out, name, type, help);
  AppendSample(out, name, labels, value);
}

void AppendMetrics(std::string& out, std::string_view labels,
                   std::initializer_list<MetricRow> rows) {
  for (const MetricRow& row : rows) {
    AppendMetric(out, row.name, row.type, row.help, labels, row.value);
  }
}

void AppendHistogram(std::string& out, std::string_view name,
                     std::string_view help, std::string_view labels,
                     std::span<const double> bounds_s,
                     std::span<const int64_t> cumulative, int64_t count,
                     double sum_s) {
  const std::string bucket = std::string(name) + "_bucket";
  const std::string prefix = labels.empty() ? "" : std::string(labels) + ",";
  AppendFamily(out, name, "histogram", help);
  for (size_t i = 0; i < bounds_s.size(); ++i) {
    AppendSample(out, bucket, prefix + "le=\"" + PromFloat(bounds_s[i]) + "\"",
                 static_cast<double>(cumulative[i]));
  }
  AppendSample(out, bucket, prefix + "le=\"+Inf\"", static_cast<double>(count));
  AppendSample(out, std::string(name) + "_count", labels,
               static_cast<double>(count));
  AppendSample(out, std::string(name) + "_sum", labels, sum_s);
}

}  // namespace servebench::sim
