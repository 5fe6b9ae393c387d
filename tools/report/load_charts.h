// The load charts inference engineers compare configurations with, as
// self-contained SVG (hand-written text, deterministic), one panel per
// ISL/OSL pair, with a baseline's or another run's points overlaid:
//
//   ParetoChart   per-user tok/s (y) against total output tok/s (x) for
//                 every load level; the run's Pareto frontier (levels no
//                 other level beats on both) is joined by a line, and
//                 dominated levels are drawn hollow.
//   LatencyChart  TTFT p50 (solid) and p99 (dashed) against the achieved
//                 request rate.
//
// Each point is a <circle class="point run|reference ..."> with a <title>
// naming the level and its values; lines are <polyline class="... run|
// reference">.
#ifndef SERVEBENCH_TOOLS_REPORT_LOAD_CHARTS_H_
#define SERVEBENCH_TOOLS_REPORT_LOAD_CHARTS_H_

#include <string>

#include "tools/report/load_points.h"

namespace servebench::report {

// `reference` may be null. `run_name` labels the run's series.
std::string ParetoChart(const Curves& run, const std::string& run_name,
                        const LevelReference* reference);
std::string LatencyChart(const Curves& run, const std::string& run_name,
                         const LevelReference* reference);

// Whether a point is on the Pareto frontier of `points`: no other point has
// at least its total and per-user throughput and more of one.
bool OnParetoFrontier(const CurvePoint& point,
                      const std::vector<CurvePoint>& points);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_LOAD_CHARTS_H_
