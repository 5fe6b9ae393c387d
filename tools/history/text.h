// Text helpers of the history tool: figures as people read them, markdown
// cells, paths under `bazel run`, and files written whole or not at all.
#ifndef SERVEBENCH_TOOLS_HISTORY_TEXT_H_
#define SERVEBENCH_TOOLS_HISTORY_TEXT_H_

#include <optional>
#include <string>

#include "bench/base/result.h"

namespace servebench::history_tool {

// Where file arguments point: `bazel run` starts the tool in its runfiles
// tree and says where the user was (BUILD_WORKING_DIRECTORY) and where the
// workspace is (BUILD_WORKSPACE_DIRECTORY).
struct ToolEnv {
  std::string working_directory;
  std::string workspace_directory;
  std::string history;  // BENCH_HISTORY

  static ToolEnv FromEnvironment();
};

// Absolute paths as they are; relative ones joined to the working
// directory when there is one.
std::string ResolveInput(const std::string& path, const ToolEnv& env);
// NAME (no '/', no ".toml") means WORKSPACE/baselines/NAME.toml; anything
// else is a path (ResolveInput).
std::string ResolveBaseline(const std::string& name_or_path,
                            const ToolEnv& env);

// "41.8" (one decimal from 10 up), "4.02" (two below 10), "1131008" for
// whole token counts; "n/a" for no value.
std::string Figure(std::optional<double> value);
// "+50.3%", "−8.9%" (U+2212), "0.0%"; "+∞%" for a change from zero.
std::string SignedPercent(double fraction);
// Pipes and line breaks would end a markdown table cell.
std::string Cell(const std::string& text);
// The first 10 characters of a commit id, "" when none.
std::string ShortCommit(const std::string& commit);

// Writes `text` to a temporary file beside `path`, then renames it over
// `path`: readers see the old file or the new one, never half of one.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_TEXT_H_
