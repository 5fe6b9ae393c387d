// A run's load levels as points of its serving curve, per ISL/OSL pair, and
// what a load reference (a baseline or another run) holds: the shapes the
// load tables and the two load charts draw from. Building a reference from
// a baseline lives elsewhere (load_reference.h): rendering never depends on
// how it was made.
#ifndef SERVEBENCH_TOOLS_REPORT_LOAD_POINTS_H_
#define SERVEBENCH_TOOLS_REPORT_LOAD_POINTS_H_

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "bench/gating/metric.h"
#include "bench/results/run_record.h"
#include "tools/report/reference.h"

namespace servebench::report {

// One level of a serving curve.
struct CurvePoint {
  std::string label;                   // "Conc8", "Rate2", "Sweep 3"
  std::optional<double> achieved_rps;  // request_tps (a sweep: achieved_rps)
  std::optional<double> output_tps;
  std::optional<double> per_user_tps;
  std::optional<double> ttft_p50_ms, ttft_p99_ms;
};

using Curves = std::map<Pair, std::vector<CurvePoint>>;

// Every load level of `run` (each closed and rate level, each level of a
// sweep), by pair, in the run's order.
Curves CurvesOf(const RunRecord& run);

// A figure the case recorded by name (a sweep's "knee_rps", a level's
// "output_tps"), if it did.
std::optional<double> NamedFigure(const RunCase& c, const std::string& name);

// The points of one set of figures, e.g. a [[load]] entry's.
CurvePoint PointOf(const std::string& label,
                   const std::map<Metric, double>& figures);

// (ISL, OSL, level): one load level.
using LevelKey = std::tuple<int64_t, int64_t, std::string>;

struct LevelReference {
  std::string kind;  // "baseline" or "other run"
  std::string name;
  Curves curves;
  std::map<LevelKey, std::map<Metric, double>> figures;
  std::map<LevelKey, std::map<Metric, Delta>> deltas;
  std::vector<std::string> regressions;  // one sentence each
  std::vector<std::string> missing;      // its levels this run lacks
};

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_LOAD_POINTS_H_
