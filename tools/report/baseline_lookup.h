// Finding the baseline the report tool is given, by name or path.
#ifndef SERVEBENCH_TOOLS_REPORT_BASELINE_LOOKUP_H_
#define SERVEBENCH_TOOLS_REPORT_BASELINE_LOOKUP_H_

#include <string>

#include "bench/base/result.h"
#include "bench/base/run_paths.h"

namespace servebench::report {

// A baseline named on the command line: `name_or_path` resolved with
// ResolveInputPath (run_paths.h) if that file exists, else
// <workspace>/baselines/NAME.toml, else <workspace>/baselines/NAME. Fails
// listing the baselines/*.toml found, or saying that there is no baselines/
// folder. Unlike ResolveBaselinePath it looks at the files, so that a wrong
// name is told what there is.
Result<std::string> ResolveBaseline(const std::string& name_or_path,
                                    const RunDirectories& dirs);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_BASELINE_LOOKUP_H_
