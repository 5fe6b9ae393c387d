// SVG bar chart.
#include "tools/report/svg_chart.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "bench/base/text_format.h"
#include "tools/report/format.h"
#include "tools/report/regimes.h"

namespace servebench::report {
namespace {

constexpr double kWidth = 880;
constexpr double kLegendHeight = 40;
constexpr double kPanelHeight = 320;
constexpr double kLeft = 70, kRight = 20, kTop = 40, kBottom = 60;
constexpr const char* kRunColor = "#4e79a7";
constexpr const char* kReferenceColor = "#f28e2b";

std::string N(double value) { return Fixed(value, 1); }

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A round step (1, 2 or 5 times a power of ten) giving about five ticks.
double NiceStep(double max) {
  if (max <= 0) return 1;
  const double raw = max / 5;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

struct Group {
  std::string label;  // "1024/128"
  std::optional<double> run, reference;
};

std::string Text(double x, double y, const std::string& anchor,
                 const std::string& text, const std::string& extra = "") {
  return "<text x=\"" + N(x) + "\" y=\"" + N(y) + "\" text-anchor=\"" + anchor +
         "\"" + extra + ">" + Escape(text) + "</text>\n";
}

std::string Panel(const std::string& title, const MetricInfo& info,
                  const std::vector<Group>& groups, bool with_reference,
                  double top) {
  const double plot_top = top + kTop;
  const double plot_height = kPanelHeight - kTop - kBottom;
  const double plot_bottom = plot_top + plot_height;
  const double plot_width = kWidth - kLeft - kRight;
  std::string out = "<g class=\"panel\">\n";
  out += Text(kWidth / 2, top + 24, "middle", title,
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
    out += "<line x1=\"" + N(kLeft) + "\" y1=\"" + N(y) + "\" x2=\"" +
           N(kLeft + plot_width) + "\" y2=\"" + N(y) +
           "\" stroke=\"#dddddd\"/>\n";
    out += Text(kLeft - 6, y + 4, "end", Compact(v));
  }
  // Axes.
  out += "<line x1=\"" + N(kLeft) + "\" y1=\"" + N(plot_top) + "\" x2=\"" +
         N(kLeft) + "\" y2=\"" + N(plot_bottom) + "\" stroke=\"#000000\"/>\n";
  out += "<line x1=\"" + N(kLeft) + "\" y1=\"" + N(plot_bottom) + "\" x2=\"" +
         N(kLeft + plot_width) + "\" y2=\"" + N(plot_bottom) +
         "\" stroke=\"#000000\"/>\n";
  out += Text(
      18, plot_top + plot_height / 2, "middle", info.unit,
      " transform=\"rotate(-90 18 " + N(plot_top + plot_height / 2) + ")\"");
  out += Text(kLeft + plot_width / 2, plot_bottom + 44, "middle", "ISL/OSL");
  if (groups.empty()) {
    out += Text(kLeft + plot_width / 2, plot_top + plot_height / 2, "middle",
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
             Escape(std::string(who) + " " + g.label + ": " +
                    FormatMetric(info.metric, value) + " " + info.unit) +
             "</title></rect>\n";
    };
    bar(g.run, 0, "run", kRunColor, "run");
    if (with_reference) {
      bar(g.reference, 1, "reference", kReferenceColor, "reference");
    }
    out +=
        Text(x0 + bar_width * series / 2, plot_bottom + 18, "middle", g.label);
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
  auto entry = [&](double x, const char* color, const std::string& text) {
    out += "<rect class=\"swatch\" x=\"" + N(x) +
           "\" y=\"14\" width=\"14\" "
           "height=\"14\" fill=\"" +
           color + "\"/>\n";
    out += Text(x + 20, 26, "start", text);
  };
  entry(kLeft, kRunColor, "this run: " + run.source);
  if (reference != nullptr) {
    entry(kLeft + (kWidth - kLeft) / 2, kReferenceColor,
          reference->kind + ": " + reference->name);
  }
  return out + "</g>\n";
}

}  // namespace

std::string SvgChart(const RunRecord& run, const Reference* reference) {
  const double height = kLegendHeight + 2 * kPanelHeight;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
      N(kWidth) + "\" height=\"" + N(height) + "\" viewBox=\"0 0 " + N(kWidth) +
      " " + N(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  out += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" + N(kWidth) +
         "\" height=\"" + N(height) + "\" fill=\"#ffffff\"/>\n";
  out += Legend(run, reference);
  const bool with_reference = reference != nullptr;
  out += Panel("Decode throughput (tok/s, higher is better)",
               Info(Metric::kDecodeTps),
               Groups(run, reference, Metric::kDecodeTps), with_reference,
               kLegendHeight);
  out += Panel("Time to first token (ms, lower is better)",
               Info(Metric::kTtftMs), Groups(run, reference, Metric::kTtftMs),
               with_reference, kLegendHeight + kPanelHeight);
  return out + "</svg>\n";
}

}  // namespace servebench::report
