// Cases grouped by regime, in the order reports show them.
#ifndef SERVEBENCH_TOOLS_REPORT_REGIMES_H_
#define SERVEBENCH_TOOLS_REPORT_REGIMES_H_

#include <string>
#include <vector>

#include "bench/results/run_record.h"

namespace servebench::report {

struct RegimeGroup {
  std::string title;  // "Prefill-heavy", "Balanced", "Decode-heavy", "Other"
  std::vector<const RunCase*> cases;  // in the run's order
};

// Only non-empty groups; cases of an unknown category go to "Other" so that
// none is lost.
std::vector<RegimeGroup> GroupByRegime(const RunRecord& run);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_REGIMES_H_
