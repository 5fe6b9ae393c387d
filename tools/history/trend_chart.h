// A trend as a self-contained SVG chart: runs along x, the figure on y, the
// median of each run as a line with its min–max band, the baseline as a
// dashed horizontal line, change points as vertical lines. Hand-written SVG
// text, deterministic for the same trend.
#ifndef SERVEBENCH_TOOLS_HISTORY_TREND_CHART_H_
#define SERVEBENCH_TOOLS_HISTORY_TREND_CHART_H_

#include <string>

#include "tools/history/trend.h"

namespace servebench::history_tool {

// Elements tests and styles can find: <polygon class="band"> (runs with
// samples), <polyline class="median">, one <circle class="point"> per run
// with a <title>, <line class="baseline">, one <line class="change-point">
// per change with a <title>.
std::string TrendChart(const Trend& trend);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_TREND_CHART_H_
