// File helpers shared by the tool's tests: scratch copies of test data, so
// that tests that write never touch the checked-in files. Reading a file
// back is test::ReadFileOrEmpty (testing/files.h).
#ifndef SERVEBENCH_TOOLS_BASELINE_TEST_FILES_H_
#define SERVEBENCH_TOOLS_BASELINE_TEST_FILES_H_

#include <string>

namespace servebench::baseline_tool {

// "tools/baseline/testdata/NAME", relative to the test's runfiles directory.
std::string TestData(const std::string& name);

// A fresh path under $TEST_TMPDIR (unique per call), not yet created.
std::string ScratchPath(const std::string& name);

// Copies `from` to a fresh scratch path and returns that path.
std::string ScratchCopy(const std::string& from);

}  // namespace servebench::baseline_tool

#endif  // SERVEBENCH_TOOLS_BASELINE_TEST_FILES_H_
