// Golden-file comparison for the history tool's tests: the expected text is
// checked in under tools/history/testdata; on a mismatch the actual text is
// saved to the test's undeclared outputs (bazel-testlogs/.../test.outputs/)
// to be reviewed and copied over the expected file.
#ifndef SERVEBENCH_TOOLS_HISTORY_GOLDEN_H_
#define SERVEBENCH_TOOLS_HISTORY_GOLDEN_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace servebench::history_tool {

inline ::testing::AssertionResult MatchesGolden(const std::string& actual,
                                                const std::string& name) {
  const std::string path = "tools/history/testdata/" + name;
  std::ifstream in(path, std::ios::binary);
  std::stringstream expected;
  expected << in.rdbuf();
  if (in && expected.str() == actual) return ::testing::AssertionSuccess();
  std::string saved = "(set TEST_UNDECLARED_OUTPUTS_DIR to keep it)";
  if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
    saved = std::string(dir) + "/" + name;
    std::ofstream(saved, std::ios::binary) << actual;
  }
  return ::testing::AssertionFailure()
         << (in ? "differs from " : "cannot read ") << path
         << "; the actual output is in " << saved << ":\n"
         << actual;
}

// Keeps `text` among the test's undeclared outputs, for a person to look at
// (e.g. an SVG chart).
inline void KeepOutput(const std::string& name, const std::string& text) {
  if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
    std::ofstream(std::string(dir) + "/" + name, std::ios::binary) << text;
  }
}

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_GOLDEN_H_
