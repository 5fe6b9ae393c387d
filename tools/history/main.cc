// history: the command-line tool behind `bazel run //tools:history -- ...`.
#include <iostream>

#include "tools/history/cli.h"

int main(int argc, char** argv) {
  using servebench::history_tool::RunHistoryTool;
  using servebench::history_tool::ToolEnv;
  return RunHistoryTool(argc, argv, ToolEnv::FromEnvironment(), std::cout,
                        std::cerr);
}
