// Serving-curve points from run records.
#include "tools/report/load_points.h"

#include "tools/report/format.h"

namespace servebench::report {
std::optional<double> NamedFigure(const RunCase& c, const std::string& name) {
  const auto it = c.figures.find(name);
  if (it == c.figures.end()) return std::nullopt;
  return it->second;
}

CurvePoint PointOf(const std::string& label,
                   const std::map<Metric, double>& figures) {
  CurvePoint p;
  p.label = label;
  p.achieved_rps = Find(figures, Metric::kRequestTps);
  p.output_tps = Find(figures, Metric::kOutputTps);
  p.per_user_tps = Find(figures, Metric::kPerUserTps);
  p.ttft_p50_ms = Find(figures, Metric::kTtftP50Ms);
  p.ttft_p99_ms = Find(figures, Metric::kTtftP99Ms);
  return p;
}

Curves CurvesOf(const RunRecord& run) {
  Curves curves;
  for (const RunCase& c : run.cases) {
    if (!c.is_load() || c.status == "skipped") continue;
    std::vector<CurvePoint>& points = curves[{c.isl, c.osl}];
    if (c.level != "Sweep") {
      points.push_back(PointOf(c.level, c.load));
      continue;
    }
    for (int k = 1;; ++k) {
      const std::string prefix = "level" + std::to_string(k) + "_";
      CurvePoint p;
      p.label = "Sweep " + std::to_string(k);
      p.achieved_rps = NamedFigure(c, prefix + "achieved_rps");
      p.output_tps = NamedFigure(c, prefix + "output_tps");
      p.per_user_tps = NamedFigure(c, prefix + "per_user_tps");
      p.ttft_p50_ms = NamedFigure(c, prefix + "ttft_ms_p50");
      p.ttft_p99_ms = NamedFigure(c, prefix + "ttft_ms_p99");
      if (!p.output_tps && !p.achieved_rps) break;
      points.push_back(p);
    }
  }
  return curves;
}

}  // namespace servebench::report
