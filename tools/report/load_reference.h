// A load reference built from a baseline's [[load]] entries (judged with
// their tolerances, as the suite's gate judges: bench/gating) or from
// another run (changes worse than 5% marked, as for sequential cases).
#ifndef SERVEBENCH_TOOLS_REPORT_LOAD_REFERENCE_H_
#define SERVEBENCH_TOOLS_REPORT_LOAD_REFERENCE_H_

#include "bench/gating/baseline.h"
#include "bench/results/run_record.h"
#include "tools/report/load_points.h"

namespace servebench::report {

LevelReference LevelsAgainstBaseline(const RunRecord& run,
                                     const Baseline& baseline);
LevelReference LevelsAgainstRun(const RunRecord& run, const RunRecord& other);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_LOAD_REFERENCE_H_
