// Goodput and SLO attainment of a load level: how many requests a user
// would have called good, and at what rate they were served.
//
// A request meets the SLO when it succeeded and every limit that is set
// holds: ttft_ms, tpot_ms and e2e_ms (total_time_ms: first byte of the
// request's life to its last choice) at most the limit. Latencies are as
// recorded, so in an open loop they run from the scheduled time and a
// request that waited in the client misses its SLO as its user would. A
// one-token answer has no TPOT and passes that limit (vLLM counts it as 0).
//
//   slo_attainment_pct = measured requests meeting the SLO / measured
//                        requests × 100 (a failed request misses);
//   goodput_rps        = requests meeting the SLO that finished inside the
//                        level's window / window seconds, counting warm-up
//                        requests exactly when the level's request_tps does
//                        (open loop: yes; closed loop: they finished before
//                        it opened).
// So goodput_rps <= request_tps, equal when every request met the SLO.
#ifndef SERVEBENCH_BENCH_LOAD_SLO_FIGURES_H_
#define SERVEBENCH_BENCH_LOAD_SLO_FIGURES_H_

#include <optional>
#include <vector>

#include "bench/config/load_spec.h"
#include "bench/load/load_figures.h"

namespace servebench {

bool MeetsSlo(const RequestRecord& request, const Slo& slo);

struct SloFigures {
  int measured = 0;
  int met = 0;
  double attainment_pct = 0;
  std::optional<double> goodput_rps;  // absent without a window
};

// Absent when `slo` sets no limit or nothing was measured.
std::optional<SloFigures> ComputeSloFigures(
    const std::vector<RequestRecord>& requests,
    const std::optional<SteadyWindow>& window, const Slo& slo,
    bool count_warmup_in_window);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_SLO_FIGURES_H_
