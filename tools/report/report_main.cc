// Entry point of `bazel run //tools:report -- RUN [--baseline NAME] ...`.
#include <iostream>
#include <string>
#include <vector>

#include "tools/report/report_cli.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return servebench::report::RunReportTool(
      args, servebench::RunDirectories::FromEnvironment(), std::cout,
      std::cerr);
}
