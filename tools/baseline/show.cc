// Rendering a baseline as aligned text.
#include "tools/baseline/show.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/baseline/number_text.h"

namespace servebench::baseline_tool {
namespace {

using Row = std::vector<std::string>;

// Columns on a terminal: UTF-8 continuation bytes take no room ("±", "→").
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Columns left-aligned for text, right-aligned for numbers; two spaces apart.
std::string Table(const std::vector<Row>& rows,
                  const std::vector<bool>& right_aligned) {
  std::vector<size_t> widths(right_aligned.size(), 0);
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  std::string text;
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string pad(widths[i] - DisplayWidth(row[i]), ' ');
      line += "  " + (right_aligned[i] ? pad + row[i] : row[i] + pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

std::string Figure(const std::map<Metric, double>& figures, Metric metric) {
  const auto it = figures.find(metric);
  return it == figures.end() ? "n/a" : NumberText(it->second);
}

std::string WithTolerance(std::string figure,
                          const std::map<Metric, Tolerance>& overrides,
                          Metric metric) {
  const auto it = overrides.find(metric);
  if (it == overrides.end()) return figure;
  return figure + " (±" + it->second.ToString(Info(metric)) + ")";
}

std::string ContextLines(const BaselineContext& c) {
  const auto text = [](const std::string& value) {
    return value.empty() ? std::string("n/a") : value;
  };
  std::vector<Row> rows;
  for (const auto& [key, value] :
       std::initializer_list<std::pair<const char*, std::string>>{
           {"model", text(c.model)},
           {"engine", text(c.engine)},
           {"engine_version", text(c.engine_version)},
           {"gpu", text(c.gpu)},
           {"max_model_len",
            c.max_model_len ? std::to_string(*c.max_model_len) : "n/a"},
           {"gpu_memory_utilization",
            c.gpu_memory_utilization ? NumberText(*c.gpu_memory_utilization)
                                     : "n/a"},
           {"suite", text(c.suite)},
           {"recorded_at", text(c.recorded_at)},
           {"recorded_from", text(c.recorded_from)},
           {"notes", text(c.notes)}}) {
    rows.push_back({key, value});
  }
  return Table(rows, {false, false});
}

std::string ToleranceLines(const Baseline& baseline) {
  const std::map<Metric, Tolerance> in_force = baseline.TolerancesFor(nullptr);
  std::vector<Row> rows;
  for (const MetricInfo& info : AllMetrics()) {
    const auto it = in_force.find(info.metric);
    if (it == in_force.end()) continue;
    const bool from_file = baseline.tolerances.count(info.metric) > 0;
    rows.push_back({info.name, "±" + it->second.ToString(info),
                    from_file ? "" : "(built-in default)"});
  }
  if (!baseline.loads.empty()) {
    const std::map<Metric, Tolerance> for_loads =
        baseline.TolerancesFor(BaselineLoad{});
    for (const MetricInfo& info : LoadMetrics()) {
      const bool from_file = baseline.tolerances.count(info.metric) > 0;
      rows.push_back({info.name, "±" + for_loads.at(info.metric).ToString(info),
                      from_file ? "" : "(built-in default)"});
    }
  }
  return Table(rows, {false, true, false});
}

std::string ServerLines(const Baseline& baseline) {
  std::vector<Row> rows;
  for (const MetricInfo& info : AllMetrics()) {
    if (info.per_case) continue;
    const auto it = baseline.server.find(info.metric);
    std::string figure = "n/a";
    if (it != baseline.server.end()) {
      const bool count = std::string_view(info.unit) == "tokens" &&
                         it->second == std::floor(it->second);
      figure = (count ? std::to_string(static_cast<int64_t>(it->second))
                      : NumberText(it->second)) +
               " " + info.unit;
    }
    rows.push_back({info.name, figure});
  }
  return Table(rows, {false, true});
}

std::string CaseLines(const Baseline& baseline) {
  std::vector<Row> rows = {{"ISL", "OSL", "Label", "TTFT ms", "TPOT ms",
                            "Decode tok/s", "E2E tok/s"}};
  for (const BaselineCase& c : baseline.cases) {
    Row row = {std::to_string(c.isl), std::to_string(c.osl),
               c.label.empty() ? "-" : c.label};
    for (Metric metric : {Metric::kTtftMs, Metric::kTpotMs, Metric::kDecodeTps,
                          Metric::kE2eTps}) {
      row.push_back(
          WithTolerance(Figure(c.figures, metric), c.tolerances, metric));
    }
    rows.push_back(std::move(row));
  }
  return Table(rows, {true, true, false, true, true, true, true});
}

std::string LoadLines(const Baseline& baseline) {
  std::vector<Row> rows = {{"Level", "Output tok/s", "Goodput req/s",
                            "TTFT p99 ms", "TPOT p50 ms", "Knee req/s"}};
  for (const BaselineLoad& load : baseline.loads) {
    Row row = {load.Name()};
    for (Metric metric :
         {Metric::kOutputTps, Metric::kGoodputRps, Metric::kTtftP99Ms,
          Metric::kTpotP50Ms, Metric::kKneeRps}) {
      row.push_back(
          WithTolerance(Figure(load.figures, metric), load.tolerances, metric));
    }
    rows.push_back(std::move(row));
  }
  return Table(rows, {false, true, true, true, true, true});
}

}  // namespace

std::string FormatBaseline(const Baseline& baseline) {
  std::string text = "Baseline " + baseline.source + "\n";
  text += "\nContext\n" + ContextLines(baseline.context);
  text += "\nTolerances\n" + ToleranceLines(baseline);
  text += "\nServer\n" + ServerLines(baseline);
  text += baseline.cases.empty()
              ? "\nCases: none\n"
              : "\nCases (" + std::to_string(baseline.cases.size()) + ")\n" +
                    CaseLines(baseline);
  if (!baseline.loads.empty()) {
    text += "\nLoad levels (" + std::to_string(baseline.loads.size()) + ")\n" +
            LoadLines(baseline);
  }
  return text;
}

}  // namespace servebench::baseline_tool
