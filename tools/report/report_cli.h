// The report tool's command line, as a function so tests can run it:
//
//   report RUN [--baseline NAME_OR_PATH | --against OTHER_RUN |
//               --history DB [--last N]] [--out DIR]
//
// RUN is a suite's JUnit XML or a results JSON (servebench's or the seed's).
// Prints the markdown report; with --out also writes DIR/report.md and
// DIR/chart.svg. Exit status: 0 with a report (regressions included: the
// report informs, the suite gates), 1 on an error, 2 on a usage mistake.
#ifndef SERVEBENCH_TOOLS_REPORT_REPORT_CLI_H_
#define SERVEBENCH_TOOLS_REPORT_REPORT_CLI_H_

#include <ostream>
#include <string>
#include <vector>

#include "bench/base/run_paths.h"

namespace servebench::report {

// `args` without the program name; `environment` says where relative paths
// and baseline names point (`bazel run`'s directories, run_paths.h).
int RunReportTool(const std::vector<std::string>& args,
                  const RunDirectories& environment, std::ostream& out,
                  std::ostream& err);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_REPORT_CLI_H_
