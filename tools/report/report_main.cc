// Entry point of `bazel run //tools:report -- RUN [--baseline NAME] ...`.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tools/report/report_cli.h"

int main(int argc, char** argv) {
  auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value == nullptr ? "" : value);
  };
  const std::vector<std::string> args(argv + 1, argv + argc);
  return servebench::report::RunReportTool(
      args, {env("BUILD_WORKING_DIRECTORY"), env("BUILD_WORKSPACE_DIRECTORY")},
      std::cout, std::cerr);
}
