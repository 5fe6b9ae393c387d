// SVG bar chart.
#include "tools/report/svg_chart.h"

#include <cmath>
#include <optional>
#include <vector>

#include "bench/base/safe_text.h"
#include "bench/base/text_format.h"
#include "tools/report/format.h"
#include "tools/report/regimes.h"
#include "tools/report/svg_parts.h"

namespace servebench::report {
namespace {

constexpr double kPanelHeight = 320;
constexpr double kLeft = 70, kRight = 20, kTop = 40, kBottom = 60;

// Coordinates are written on nearly every line below.
constexpr auto& N = SvgNumber;

struct Group {
  std::string label;  // "1024/128"
  std::optional<double> run, reference;
};

std::string Panel(const std::string& title, const MetricInfo& info,
                  const std::vector<Group>& groups, bool with_reference,
                  double top) {
  const double plot_top = top + kTop;
  const double plot_height = kPanelHeight - kTop - kBottom;
  const double plot_bottom = plot_top + plot_height;
  const double plot_width = kChartWidth - kLeft - kRight;
  std::string out = "<g class=\"panel\">\n";
  out += SvgText(kChartWidth / 2, top + 24, "middle", title,
                 " font-size=\"15\" font-weight=\"bold\"");
  double max = 0;
  for (const Group& g : groups) {
    if (g.run) max = std::max(max, *g.run);
    if (g.reference && with_reference) max = std::max(max, *g.reference);
  }
  const double step = NiceStep(max);
  const double axis_max = std::max(step, std::ceil(max / step) * step);
  auto y_of = [&](double v) {
    return plot_bottom - v / axis_max * plot_height;
  };
  // Grid lines and y ticks.
  for (double v = 0; v <= axis_max + step / 2; v += step) {
    const double y = y_of(v);
    out += SvgLine(kLeft, y, kLeft + plot_width, y, "#dddddd");
    out += SvgText(kLeft - 6, y + 4, "end", Compact(v));
  }
  // Axes.
  out += SvgAxes(kLeft, plot_top, kLeft + plot_width, plot_bottom);
  out += SvgText(
      18, plot_top + plot_height / 2, "middle", info.unit,
      " transform=\"rotate(-90 18 " + N(plot_top + plot_height / 2) + ")\"");
  out += SvgText(kLeft + plot_width / 2, plot_bottom + 44, "middle", "ISL/OSL");
  if (groups.empty()) {
    out += SvgText(kLeft + plot_width / 2, plot_top + plot_height / 2, "middle",
                   "no data");
    return out + "</g>\n";
  }
  const double group_width = plot_width / static_cast<double>(groups.size());
  const int series = with_reference ? 2 : 1;
  const double bar_width = group_width * 0.7 / series;
  for (size_t i = 0; i < groups.size(); ++i) {
    const Group& g = groups[i];
    const double x0 =
        kLeft + group_width * static_cast<double>(i) + group_width * 0.15;
    auto bar = [&](std::optional<double> value, int slot, const char* cls,
                   const char* color, const char* who) {
      if (!value) return;
      const double y = y_of(*value);
      out += "<rect class=\"bar " + std::string(cls) + "\" x=\"" +
             N(x0 + bar_width * slot) + "\" y=\"" + N(y) + "\" width=\"" +
             N(bar_width) + "\" height=\"" + N(plot_bottom - y) + "\" fill=\"" +
             color + "\"><title>" +
             XmlEscape(std::string(who) + " " + g.label + ": " +
                       FormatMetric(info.metric, value) + " " + info.unit) +
             "</title></rect>\n";
    };
    bar(g.run, 0, "run", kRunColor, "run");
    if (with_reference) {
      bar(g.reference, 1, "reference", kReferenceColor, "reference");
    }
    out += SvgText(x0 + bar_width * series / 2, plot_bottom + 18, "middle",
                   g.label);
  }
  return out + "</g>\n";
}

std::vector<Group> Groups(const RunRecord& run, const Reference* reference,
                          Metric metric) {
  std::vector<Group> groups;
  for (const RegimeGroup& regime : GroupByRegime(run)) {
    for (const RunCase* c : regime.cases) {
      Group g{std::to_string(c->isl) + "/" + std::to_string(c->osl),
              Find(c->means, metric), std::nullopt};
      if (reference != nullptr) {
        const auto it = reference->figures.find({c->isl, c->osl});
        if (it != reference->figures.end())
          g.reference = Find(it->second, metric);
      }
      if (g.run || g.reference) groups.push_back(g);
    }
  }
  return groups;
}

std::string Legend(const RunRecord& run, const Reference* reference) {
  std::string out = "<g class=\"legend\">\n";
  out += SvgLegendEntry(kLeft, kRunColor, "this run: " + run.source);
  if (reference != nullptr) {
    out += SvgLegendEntry(kLeft + (kChartWidth - kLeft) / 2, kReferenceColor,
                          reference->kind + ": " + reference->name);
  }
  return out + "</g>\n";
}

}  // namespace

std::string SvgChart(const RunRecord& run, const Reference* reference) {
  const double height = kLegendHeight + 2 * kPanelHeight;
  std::string body = Legend(run, reference);
  const bool with_reference = reference != nullptr;
  body += Panel("Decode throughput (tok/s, higher is better)",
                Info(Metric::kDecodeTps),
                Groups(run, reference, Metric::kDecodeTps), with_reference,
                kLegendHeight);
  body += Panel("Time to first token (ms, lower is better)",
                Info(Metric::kTtftMs), Groups(run, reference, Metric::kTtftMs),
                with_reference, kLegendHeight + kPanelHeight);
  return SvgDocument(kChartWidth, height, body);
}

}  // namespace servebench::report
