// Records a case's comparison with its baseline as test properties, so the
// JUnit XML carries them beside the figures: for each gated metric
// <name>_baseline, <name>_change_pct and <name>_verdict, and the case's
// overall "verdict".
#ifndef SERVEBENCH_MATCHERS_RECORD_COMPARISON_H_
#define SERVEBENCH_MATCHERS_RECORD_COMPARISON_H_

#include "bench/regression.h"

namespace servebench {

// Must be called from inside a running test.
void RecordComparison(const Comparison& comparison);

}  // namespace servebench

#endif  // SERVEBENCH_MATCHERS_RECORD_COMPARISON_H_
