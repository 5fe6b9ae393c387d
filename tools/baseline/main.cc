// baseline: the command-line tool behind `bazel run //tools:baseline -- ...`.
#include <iostream>

#include "tools/baseline/cli.h"

int main(int argc, char** argv) {
  using servebench::RunDirectories;
  using servebench::baseline_tool::RunBaselineTool;
  return RunBaselineTool(argc, argv, RunDirectories::FromEnvironment(),
                         std::cout, std::cerr);
}
