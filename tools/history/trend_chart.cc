// SVG drawing of a trend.
#include "tools/history/trend_chart.h"

#include <algorithm>
#include <cmath>

#include "bench/base/safe_text.h"
#include "tools/history/text.h"
#include "tools/report/svg_parts.h"

namespace servebench::history_tool {
namespace {

using report::kChartWidth;
using report::NiceStep;
using report::SvgAxes;
using report::SvgDocument;
using report::SvgLine;
using report::SvgNumber;
using report::SvgText;

constexpr double kHeight = 420;
constexpr double kLeft = 80, kRight = 30, kTop = 50, kBottom = 70;
constexpr const char* kLineColor = report::kRunColor;
constexpr const char* kBandColor = "#a0cbe8";
constexpr const char* kBaselineColor = report::kReferenceColor;
constexpr const char* kChangeColor = "#e15759";

// Coordinates are written on nearly every line below.
constexpr auto& N = SvgNumber;

}  // namespace

std::string TrendChart(const Trend& trend) {
  const double plot_width = kChartWidth - kLeft - kRight;
  const double plot_height = kHeight - kTop - kBottom;
  const double plot_bottom = kTop + plot_height;
  // The y range holds every drawn value, with a tenth of headroom.
  double low = INFINITY, high = -INFINITY;
  for (const TrendRow& row : trend.rows) {
    const history::SeriesPoint& p = row.point;
    low = std::min({low, p.Value(), p.min.value_or(p.Value())});
    high = std::max({high, p.Value(), p.max.value_or(p.Value())});
  }
  if (trend.baseline) {
    low = std::min(low, *trend.baseline);
    high = std::max(high, *trend.baseline);
  }
  if (trend.rows.empty() && !trend.baseline) low = 0, high = 1;
  const double pad =
      std::max((high - low) * 0.1, std::fabs(high) * 0.01 + 1e-9);
  const double step = NiceStep(high - low + 2 * pad);
  const double axis_low = std::floor((low - pad) / step) * step;
  const double axis_high = std::ceil((high + pad) / step) * step;
  auto y_of = [&](double v) {
    return plot_bottom - (v - axis_low) / (axis_high - axis_low) * plot_height;
  };
  const size_t n = trend.rows.size();
  // Points keep clear of the axes by kInset on either side.
  constexpr double kInset = 24;
  auto x_of = [&](size_t i) {
    return n <= 1 ? kLeft + plot_width / 2
                  : kLeft + kInset +
                        (plot_width - 2 * kInset) * static_cast<double>(i) /
                            static_cast<double>(n - 1);
  };
  const std::string unit = trend.unit.empty() ? "" : " " + trend.unit;

  std::string out;
  std::string title = trend.metric + " of " + trend.case_name;
  if (!trend.unit.empty()) {
    title += " (" + trend.unit +
             (trend.direction.empty() ? "" : ", " + trend.direction) + ")";
  }
  out += SvgText(kChartWidth / 2, 26, "middle", title,
                 " font-size=\"15\" font-weight=\"bold\"");
  // Grid and y ticks.
  for (double v = axis_low; v <= axis_high + step / 2; v += step) {
    const double y = y_of(v);
    out += SvgLine(kLeft, y, kLeft + plot_width, y, "#dddddd");
    out += SvgText(kLeft - 6, y + 4, "end",
                   Figure(std::fabs(v) < step / 1e6 ? 0 : v));
  }
  out += SvgAxes(kLeft, kTop, kLeft + plot_width, plot_bottom);
  out += SvgText(
      20, kTop + plot_height / 2, "middle",
      trend.unit.empty() ? trend.metric : trend.unit,
      " transform=\"rotate(-90 20 " + N(kTop + plot_height / 2) + ")\"");
  out += SvgText(kLeft + plot_width / 2, plot_bottom + 48, "middle", "run");

  // The min–max band over the runs that kept samples.
  std::string upper, lower;
  size_t with_samples = 0;
  for (size_t i = 0; i < n; ++i) {
    const history::SeriesPoint& p = trend.rows[i].point;
    if (!p.min || !p.max) continue;
    ++with_samples;
    upper += N(x_of(i)) + "," + N(y_of(*p.max)) + " ";
    lower = N(x_of(i)) + "," + N(y_of(*p.min)) + " " + lower;
  }
  if (with_samples >= 2) {
    out += "<polygon class=\"band\" points=\"" + upper + lower + "\" fill=\"" +
           kBandColor + "\" fill-opacity=\"0.5\"/>\n";
  }
  if (trend.baseline) {
    const double y = y_of(*trend.baseline);
    out += "<line class=\"baseline\" x1=\"" + N(kLeft) + "\" y1=\"" + N(y) +
           "\" x2=\"" + N(kLeft + plot_width) + "\" y2=\"" + N(y) +
           "\" stroke=\"" + kBaselineColor +
           "\" stroke-width=\"2\" stroke-dasharray=\"8 4\"><title>" +
           XmlEscape("baseline " + Figure(trend.baseline) + unit + " (" +
                     trend.baseline_source + ")") +
           "</title></line>\n";
    out += SvgText(kLeft + plot_width - 4, y - 6, "end",
                   "baseline " + Figure(trend.baseline) + unit,
                   std::string(" fill=\"") + kBaselineColor + "\"");
  }
  for (const history::ChangePoint& c : trend.changes) {
    if (c.index == 0 || c.index >= n) continue;
    const double x = (x_of(c.index - 1) + x_of(c.index)) / 2;
    out += "<line class=\"change-point\" x1=\"" + N(x) + "\" y1=\"" + N(kTop) +
           "\" x2=\"" + N(x) + "\" y2=\"" + N(plot_bottom) + "\" stroke=\"" +
           kChangeColor +
           "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>" +
           XmlEscape("change between run " +
                     std::to_string(trend.rows[c.index - 1].run_id) +
                     " and run " + std::to_string(trend.rows[c.index].run_id) +
                     ": " + Figure(c.mean_before) + unit + " \u2192 " +
                     Figure(c.mean_after) + unit + " (" +
                     SignedPercent(c.relative_change) + ")") +
           "</title></line>\n";
    out += SvgText(x + 4, kTop + 12, "start", SignedPercent(c.relative_change),
                   std::string(" fill=\"") + kChangeColor + "\"");
  }
  std::string line;
  for (size_t i = 0; i < n; ++i) {
    line += N(x_of(i)) + "," + N(y_of(trend.rows[i].point.Value())) + " ";
  }
  if (n >= 2) {
    out += "<polyline class=\"median\" points=\"" + line +
           "\" fill=\"none\" stroke=\"" + kLineColor +
           "\" stroke-width=\"2\"/>\n";
  }
  // Run labels: at most about 20 along the axis.
  const size_t label_every = std::max<size_t>(1, (n + 19) / 20);
  for (size_t i = 0; i < n; ++i) {
    const TrendRow& row = trend.rows[i];
    out += "<circle class=\"point\" cx=\"" + N(x_of(i)) + "\" cy=\"" +
           N(y_of(row.point.Value())) + "\" r=\"4\" fill=\"" + kLineColor +
           "\"><title>" +
           XmlEscape("run " + std::to_string(row.run_id) + " (" +
                     row.started_at + "): " + Figure(row.point.Value()) + unit +
                     (row.point.min ? ", min " + Figure(row.point.min) +
                                          ", max " + Figure(row.point.max)
                                    : "")) +
           "</title></circle>\n";
    if (i % label_every == 0) {
      out += SvgText(x_of(i), plot_bottom + 18, "middle",
                     std::to_string(row.run_id));
    }
  }
  return SvgDocument(kChartWidth, kHeight, out);
}

}  // namespace servebench::history_tool
