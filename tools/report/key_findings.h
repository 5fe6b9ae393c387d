// The "Key findings" section: the best pair for each figure, failures, and
// with a reference the regressions it found.
#ifndef SERVEBENCH_TOOLS_REPORT_KEY_FINDINGS_H_
#define SERVEBENCH_TOOLS_REPORT_KEY_FINDINGS_H_

#include <string>

#include "bench/results/run_record.h"
#include "tools/report/reference.h"

namespace servebench::report {

// Markdown bullet lines under "## Key findings". Ties go to the case listed
// first. `reference` may be null.
std::string KeyFindings(const RunRecord& run, const Reference* reference);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_KEY_FINDINGS_H_
