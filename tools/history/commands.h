// The history tool's subcommands, each taking its parsed arguments and
// returning an exit code (cli.h). Shared by cli.cc only.
#ifndef SERVEBENCH_TOOLS_HISTORY_COMMANDS_H_
#define SERVEBENCH_TOOLS_HISTORY_COMMANDS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "tools/history/text.h"

namespace servebench::history_tool {

struct Filters {
  std::string suite, model, since, until;
  std::vector<std::string> labels;  // "key=value" each
  size_t last = 0;
};

struct Args {
  std::string db;
  Filters filters;
  // import
  std::vector<std::string> files;
  std::string labels, commit, engine_version;
  // trend and changes
  std::string case_name, metric, svg, baseline;
  double significance = 0.05;
  int permutations = 199;
  size_t min_segment = 3;
  double min_change_pct = 5;
  uint64_t seed = 1;
  size_t recent = 0;
  bool fail_on_regression = false;
  // propose-baseline
  std::string out;
  size_t propose_last = 5;
  double min_tolerance_pct = 2;
  double spread_factor = 2;
  bool force = false;
};

int ImportCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                  std::ostream& err);
int ListCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                std::ostream& err);
int TrendCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                 std::ostream& err);
int ChangesCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                   std::ostream& err);
int ProposeCommand(const Args& args, const ToolEnv& env, std::ostream& out,
                   std::ostream& err);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_COMMANDS_H_
