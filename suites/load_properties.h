// What a load case records, named in one place: the figures of a level or a
// sweep (into CaseRecord::server_figures, so that the results JSON, the
// JUnit XML and the history carry them alike) and its descriptive
// properties. Pure functions: unit-tested on their own.
//
// A sweep's levels are flattened as level<k>_<figure> (k = 1, 2, … in the
// order they ran): level<k>_streams or level<k>_offered_rps, then
// request_tps, achieved_rps (sweep.h), output_tps, per_user_tps,
// ttft_ms_p50, ttft_ms_p99 and kept_up (1 or 0). The report reads them back
// into the serving curve.
#ifndef SERVEBENCH_SUITES_LOAD_PROPERTIES_H_
#define SERVEBENCH_SUITES_LOAD_PROPERTIES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/config/suite_spec.h"
#include "bench/load/load_case.h"
#include "bench/load/sweep.h"
#include "suites/junit_properties.h"

namespace servebench {

using NamedFigures = std::vector<std::pair<std::string, double>>;

// A level's figures: output_tps, request_tps, per_user_tps, goodput_rps and
// slo_attainment_pct (with an SLO), offered_rps, scheduled_rps, sent_rps
// and send_lag_ms_p50/p99 (open loop), e2e_ms_p50/p90/p99, cache figures
// (cache_hit_rate_pct, cache_hits, ttft_hit_ms_p50, ttft_miss_ms_p50) and
// client_send_lag_p99_ms, and the TTFT, TPOT and ITL percentiles
// (ttft_ms_p50/p90/p99, ...); each only when known.
NamedFigures LevelFigures(const LevelOutcome& level);

// A sweep's: sequential_rps, saturated_rps, saturated_output_tps, knee_rps,
// knee_output_tps, sweep_levels, then each level's (file comment).
NamedFigures SweepFigures(const SweepOutcome& sweep);

// A level's properties: concurrency (closed loop), requests,
// failed_requests, max_in_flight, then every recorded figure
// (record.server_figures, formatted as ServerFigureDecimals says), then the
// client's client_lag_p99_ms and client_cpu_pct.
Properties LoadLevelProperties(const CaseRecord& record,
                               const LevelOutcome& level);

// level, mode ("closed", "rate", "sweep"), arrivals and burstiness (rate
// levels), prefix_tokens, prefix_group and turns (when set), slo.
Properties LoadDescriptionProperties(const CaseSpec& spec);

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_LOAD_PROPERTIES_H_
