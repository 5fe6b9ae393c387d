// The checked-in runs the report tests render, loaded by file name.
#ifndef SERVEBENCH_TOOLS_REPORT_TEST_RUNS_H_
#define SERVEBENCH_TOOLS_REPORT_TEST_RUNS_H_

#include <string>

#include "bench/results/run_record.h"

namespace servebench::report {

// bench/results/testdata/runs/NAME as a RunRecord; an empty one after failing
// the current test (EXPECT) when it does not load, so that one bad file
// shows as a failure and not as a crash.
RunRecord LoadTestRun(const std::string& name);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_TEST_RUNS_H_
