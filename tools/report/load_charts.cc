// SVG scatter and line panels for load levels.
#include "tools/report/load_charts.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "bench/base/safe_text.h"
#include "bench/base/text_format.h"
#include "tools/report/svg_parts.h"

namespace servebench::report {
namespace {

constexpr double kPanelHeight = 340;
constexpr double kLeft = 80, kRight = 30, kTop = 40, kBottom = 60;

// Coordinates are written on nearly every line below.
constexpr auto& N = SvgNumber;

struct Axis {
  double max = 1;
  double step = 1;
  explicit Axis(double data_max) {
    step = NiceStep(data_max);
    max = std::max(step, std::ceil(data_max / step) * step);
  }
};

// A drawn value: x and y, and the text of its <title>.
struct Mark {
  double x, y;
  std::string title;
  bool hollow = false;
};

struct Series {
  std::string cls;  // e.g. "run p50"
  const char* color;
  bool dashed = false;
  bool line = true;  // join the marks (in the order given)
  std::vector<Mark> marks;
};

std::string Panel(const std::string& title, const std::string& x_label,
                  const std::string& y_label, const std::vector<Series>& series,
                  double top) {
  const double plot_top = top + kTop;
  const double plot_height = kPanelHeight - kTop - kBottom;
  const double plot_bottom = plot_top + plot_height;
  const double plot_width = kChartWidth - kLeft - kRight;
  double x_max = 0, y_max = 0;
  for (const Series& s : series) {
    for (const Mark& m : s.marks) {
      x_max = std::max(x_max, m.x);
      y_max = std::max(y_max, m.y);
    }
  }
  const Axis x_axis(x_max), y_axis(y_max);
  const auto x_of = [&](double v) {
    return kLeft + v / x_axis.max * plot_width;
  };
  const auto y_of = [&](double v) {
    return plot_bottom - v / y_axis.max * plot_height;
  };
  std::string out = "<g class=\"panel\">\n";
  out += SvgText(kChartWidth / 2, top + 24, "middle", title,
                 " font-size=\"15\" font-weight=\"bold\"");
  for (double v = 0; v <= y_axis.max + y_axis.step / 2; v += y_axis.step) {
    out += SvgLine(kLeft, y_of(v), kLeft + plot_width, y_of(v), "#dddddd");
    out += SvgText(kLeft - 6, y_of(v) + 4, "end", Compact(v));
  }
  for (double v = 0; v <= x_axis.max + x_axis.step / 2; v += x_axis.step) {
    out += SvgText(x_of(v), plot_bottom + 18, "middle", Compact(v));
  }
  out += SvgAxes(kLeft, plot_top, kLeft + plot_width, plot_bottom);
  out += SvgText(kLeft + plot_width / 2, plot_bottom + 44, "middle", x_label);
  out += SvgText(
      20, plot_top + plot_height / 2, "middle", y_label,
      " transform=\"rotate(-90 20 " + N(plot_top + plot_height / 2) + ")\"");
  bool any = false;
  for (const Series& s : series) {
    if (s.marks.empty()) continue;
    any = true;
    if (s.line && s.marks.size() > 1) {
      std::string points;
      for (const Mark& m : s.marks) {
        points +=
            (points.empty() ? "" : " ") + N(x_of(m.x)) + "," + N(y_of(m.y));
      }
      out += "<polyline class=\"line " + s.cls + "\" points=\"" + points +
             "\" fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"2\"" +
             (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
    }
    for (const Mark& m : s.marks) {
      out += "<circle class=\"point " + s.cls + "\" cx=\"" + N(x_of(m.x)) +
             "\" cy=\"" + N(y_of(m.y)) + "\" r=\"4\" fill=\"" +
             (m.hollow ? "#ffffff" : s.color) + "\" stroke=\"" + s.color +
             "\" stroke-width=\"1.5\"><title>" + XmlEscape(m.title) +
             "</title></circle>\n";
    }
  }
  if (!any) {
    out += SvgText(kLeft + plot_width / 2, plot_top + plot_height / 2, "middle",
                   "no data");
  }
  return out + "</g>\n";
}

std::string Legend(const std::string& run_name, const LevelReference* reference,
                   const std::string& extra) {
  std::string out = "<g class=\"legend\">\n";
  out += SvgLegendEntry(kLeft, kRunColor, "this run: " + run_name);
  if (reference != nullptr) {
    out += SvgLegendEntry(kLeft + (kChartWidth - kLeft) / 2, kReferenceColor,
                          reference->kind + ": " + reference->name);
  }
  if (!extra.empty()) out += SvgText(kChartWidth - kRight, 52, "end", extra);
  return out + "</g>\n";
}

// The pairs to draw: the run's, then the reference's others.
std::vector<Pair> PairsOf(const Curves& run, const LevelReference* reference) {
  std::vector<Pair> pairs;
  for (const auto& [pair, points] : run) pairs.push_back(pair);
  if (reference != nullptr) {
    for (const auto& [pair, points] : reference->curves) {
      if (!run.count(pair)) pairs.push_back(pair);
    }
  }
  return pairs;
}

std::string PairTitle(const Pair& pair) {
  return "ISL " + std::to_string(pair.first) + " / OSL " +
         std::to_string(pair.second);
}

const std::vector<CurvePoint>& PointsOf(const Curves& curves,
                                        const Pair& pair) {
  static const std::vector<CurvePoint> kNone;
  const auto it = curves.find(pair);
  return it == curves.end() ? kNone : it->second;
}

// The Pareto series of one source: every level, the frontier joined.
std::vector<Series> ParetoSeries(const std::vector<CurvePoint>& points,
                                 const std::string& who, const char* color) {
  Series frontier{"frontier " + who, color, false, true, {}};
  Series dominated{"dominated " + who, color, false, false, {}};
  std::vector<CurvePoint> drawn;
  for (const CurvePoint& p : points) {
    if (p.output_tps && p.per_user_tps) drawn.push_back(p);
  }
  std::sort(drawn.begin(), drawn.end(), [](const auto& a, const auto& b) {
    return *a.output_tps < *b.output_tps;
  });
  for (const CurvePoint& p : drawn) {
    const bool best = OnParetoFrontier(p, drawn);
    Mark mark{*p.output_tps, *p.per_user_tps,
              who + " " + p.label + ": " + Fixed(*p.output_tps, 1) +
                  " tok/s total, " + Fixed(*p.per_user_tps, 1) +
                  " tok/s per user" + (best ? "" : " (dominated)"),
              !best};
    (best ? frontier : dominated).marks.push_back(mark);
  }
  return {frontier, dominated};
}

// TTFT p50 and p99 against the achieved rate, joined in rate order.
std::vector<Series> LatencySeries(const std::vector<CurvePoint>& points,
                                  const std::string& who, const char* color) {
  std::vector<CurvePoint> drawn;
  for (const CurvePoint& p : points) {
    if (p.achieved_rps && (p.ttft_p50_ms || p.ttft_p99_ms)) drawn.push_back(p);
  }
  std::sort(drawn.begin(), drawn.end(), [](const auto& a, const auto& b) {
    return *a.achieved_rps < *b.achieved_rps;
  });
  Series p50{who + " p50", color, false, true, {}};
  Series p99{who + " p99", color, true, true, {}};
  for (const CurvePoint& p : drawn) {
    const std::string at =
        who + " " + p.label + " at " + Fixed(*p.achieved_rps, 2) + " req/s: ";
    if (p.ttft_p50_ms) {
      p50.marks.push_back(
          {*p.achieved_rps, *p.ttft_p50_ms,
           at + "TTFT p50 " + Fixed(*p.ttft_p50_ms, 1) + " ms"});
    }
    if (p.ttft_p99_ms) {
      p99.marks.push_back({*p.achieved_rps, *p.ttft_p99_ms,
                           at + "TTFT p99 " + Fixed(*p.ttft_p99_ms, 1) + " ms",
                           true});
    }
  }
  return {p50, p99};
}

using SeriesFn = std::function<std::vector<Series>(
    const std::vector<CurvePoint>&, const std::string&, const char*)>;

std::string Chart(const Curves& run, const std::string& run_name,
                  const LevelReference* reference, const std::string& what,
                  const std::string& x_label, const std::string& y_label,
                  const std::string& legend_extra, const SeriesFn& series_of) {
  const std::vector<Pair> pairs = PairsOf(run, reference);
  const double height =
      kLegendHeight + 20 + kPanelHeight * std::max<size_t>(1, pairs.size());
  std::string body = Legend(run_name, reference, legend_extra);
  double top = kLegendHeight + 20;
  for (const Pair& pair : pairs) {
    // The reference first, so that the run is drawn over it.
    std::vector<Series> series;
    if (reference != nullptr) {
      series = series_of(PointsOf(reference->curves, pair), "reference",
                         kReferenceColor);
    }
    for (Series& s : series_of(PointsOf(run, pair), "run", kRunColor)) {
      series.push_back(std::move(s));
    }
    body += Panel(what + ", " + PairTitle(pair), x_label, y_label, series, top);
    top += kPanelHeight;
  }
  if (pairs.empty()) {
    body += Panel(what, x_label, y_label, {}, top);
  }
  return SvgDocument(kChartWidth, height, body);
}

}  // namespace

bool OnParetoFrontier(const CurvePoint& point,
                      const std::vector<CurvePoint>& points) {
  if (!point.output_tps || !point.per_user_tps) return false;
  for (const CurvePoint& other : points) {
    if (!other.output_tps || !other.per_user_tps) continue;
    const bool at_least = *other.output_tps >= *point.output_tps &&
                          *other.per_user_tps >= *point.per_user_tps;
    const bool better = *other.output_tps > *point.output_tps ||
                        *other.per_user_tps > *point.per_user_tps;
    if (at_least && better) return false;
  }
  return true;
}

std::string ParetoChart(const Curves& run, const std::string& run_name,
                        const LevelReference* reference) {
  return Chart(run, run_name, reference, "Per-user against total throughput",
               "total output tok/s", "per-user tok/s",
               "filled: on the Pareto frontier; hollow: dominated",
               ParetoSeries);
}

std::string LatencyChart(const Curves& run, const std::string& run_name,
                         const LevelReference* reference) {
  return Chart(run, run_name, reference, "TTFT against achieved rate",
               "achieved req/s", "TTFT ms", "solid: p50; dashed: p99",
               LatencySeries);
}

}  // namespace servebench::report
