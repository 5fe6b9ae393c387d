// baseline: the command-line tool behind `bazel run //tools:baseline -- ...`.
#include <iostream>

#include "tools/baseline/cli.h"

int main(int argc, char** argv) {
  using servebench::baseline_tool::RunBaselineTool;
  using servebench::baseline_tool::ToolEnv;
  return RunBaselineTool(argc, argv, ToolEnv::FromEnvironment(), std::cout,
                         std::cerr);
}
