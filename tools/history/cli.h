// The `history` command line: import, list, trend, changes and
// propose-baseline over a history database, with exit codes that scripts
// and CI can act on.
//
//   history import FILE... [--labels K=V,...] [--commit SHA] [--engine-version
//   V] history list [FILTERS] history trend --case NAME [--metric M] [FILTERS]
//   [--svg FILE] [--baseline B] history changes [--case NAME] [--metric M]
//   [FILTERS] [DETECTION]
//                   [--recent N] [--fail-on-regression]
//   history propose-baseline --out B [FILTERS] [--last N] [--min-tolerance-pct
//   P]
//                            [--spread-factor F] [--force]
//
// Every subcommand takes --db PATH (default: BENCH_HISTORY). FILTERS:
// --suite, --model, --label K=V (repeatable), --since, --until, --last N.
#ifndef SERVEBENCH_TOOLS_HISTORY_CLI_H_
#define SERVEBENCH_TOOLS_HISTORY_CLI_H_

#include <ostream>

#include "tools/history/text.h"

namespace servebench::history_tool {

constexpr int kExitOk = 0;
// An error (unreadable file, refused proposal), or with --fail-on-regression
// a change for the worse.
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;  // the command line itself is wrong

// Runs one command as main() would; a function so tests see exit codes and
// output. Results go to `out`, messages to `err`.
int RunHistoryTool(int argc, const char* const* argv, const ToolEnv& env,
                   std::ostream& out, std::ostream& err);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_CLI_H_
