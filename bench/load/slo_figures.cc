// Which requests met their SLO, and the rate of those that did.
#include "bench/load/slo_figures.h"

namespace servebench {

bool MeetsSlo(const RequestRecord& request, const Slo& slo) {
  if (!request.ok()) return false;
  const RequestFigures& f = *request.figures;
  if (slo.ttft_ms && f.ttft_ms > *slo.ttft_ms) return false;
  if (slo.tpot_ms && f.tpot_ms && *f.tpot_ms > *slo.tpot_ms) return false;
  if (slo.e2e_ms && f.total_time_ms > *slo.e2e_ms) return false;
  return true;
}

std::optional<SloFigures> ComputeSloFigures(
    const std::vector<RequestRecord>& requests,
    const std::optional<SteadyWindow>& window, const Slo& slo,
    bool count_warmup_in_window) {
  if (!slo.any()) return std::nullopt;
  SloFigures f;
  int good_inside = 0;
  for (const RequestRecord& r : requests) {
    const bool good = MeetsSlo(r, slo);
    if (!r.warmup) {
      ++f.measured;
      f.met += good;
    }
    if (good && window && (count_warmup_in_window || !r.warmup) &&
        r.finished > window->start && r.finished <= window->end) {
      ++good_inside;
    }
  }
  if (f.measured == 0) return std::nullopt;
  f.attainment_pct = 100.0 * f.met / f.measured;
  if (window && window->seconds() > 0) {
    f.goodput_rps = good_inside / window->seconds();
  }
  return f;
}

}  // namespace servebench
