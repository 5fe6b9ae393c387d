// A baseline as the report's reference: per-case verdicts from
// bench/regression's Compare, with the baseline's tolerances.
#ifndef SERVEBENCH_TOOLS_REPORT_AGAINST_BASELINE_H_
#define SERVEBENCH_TOOLS_REPORT_AGAINST_BASELINE_H_

#include "bench/gating/baseline.h"
#include "bench/results/run_record.h"
#include "tools/report/reference.h"

namespace servebench::report {

// A report is read after the run: verdicts still unclear are inconclusive
// ("?"), regressions get "⚠". Memory facts are compared server-wide.
Reference AgainstBaseline(const RunRecord& run, const Baseline& baseline);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_AGAINST_BASELINE_H_
