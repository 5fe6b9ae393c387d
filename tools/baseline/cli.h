// The `baseline` command line: update, import and show, with exit codes
// that scripts and CI can act on.
#ifndef SERVEBENCH_TOOLS_BASELINE_CLI_H_
#define SERVEBENCH_TOOLS_BASELINE_CLI_H_

#include <ostream>

#include "bench/base/run_paths.h"

namespace servebench::baseline_tool {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // refused, or a file could not be read/written
constexpr int kExitUsage = 2;   // the command line itself is wrong

// Runs one command as main() would, printing results to `out` and messages
// to `err`; a library function so that tests see exit codes and output.
int RunBaselineTool(int argc, const char* const* argv,
                    const RunDirectories& env, std::ostream& out,
                    std::ostream& err);

}  // namespace servebench::baseline_tool

#endif  // SERVEBENCH_TOOLS_BASELINE_CLI_H_
