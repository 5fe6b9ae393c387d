// `baseline show`: a baseline as a table a person reads before trusting it.
#ifndef SERVEBENCH_TOOLS_BASELINE_SHOW_H_
#define SERVEBENCH_TOOLS_BASELINE_SHOW_H_

#include <string>

#include "bench/gating/baseline.h"

namespace servebench::baseline_tool {

// Context lines, the tolerances in force (the file's, else the built-in
// defaults, marked), the server memory facts, then one row per case: ISL,
// OSL, label, TTFT ms, TPOT ms, Decode tok/s, E2E tok/s. A figure whose
// tolerance the case overrides reads "714.9 (±40%)"; unknown figures "n/a".
// Figures are printed exactly as stored (NumberText).
std::string FormatBaseline(const Baseline& baseline);

}  // namespace servebench::baseline_tool

#endif  // SERVEBENCH_TOOLS_BASELINE_SHOW_H_
