// Text helpers of the history tool: figures as people read them, commit ids,
// and where its file arguments and database are.
#ifndef SERVEBENCH_TOOLS_HISTORY_TEXT_H_
#define SERVEBENCH_TOOLS_HISTORY_TEXT_H_

#include <optional>
#include <string>

#include "bench/base/run_paths.h"

namespace servebench::history_tool {

// Where file arguments point (run_paths.h: ResolveInputPath,
// ResolveBaselinePath) and the database BENCH_HISTORY names.
struct ToolEnv : RunDirectories {
  std::string history;  // BENCH_HISTORY

  static ToolEnv FromEnvironment();
};

// "41.8" (one decimal from 10 up), "4.02" (two below 10), "1131008" for
// whole token counts; "n/a" for no value.
std::string Figure(std::optional<double> value);
// "+50.3%", "−8.9%" (U+2212), "0.0%"; "+∞%" for a change from zero.
std::string SignedPercent(double fraction);
// The first 10 characters of a commit id, "" when none.
std::string ShortCommit(const std::string& commit);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_TEXT_H_
