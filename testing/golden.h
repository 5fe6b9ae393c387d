// Golden-file comparison: the expected text is checked in; on a mismatch the
// actual text is saved to the test's undeclared outputs
// (bazel-testlogs/.../test.outputs/) so it can be reviewed and copied over
// the expected file.
#ifndef SERVEBENCH_TESTING_GOLDEN_H_
#define SERVEBENCH_TESTING_GOLDEN_H_

#include <gtest/gtest.h>

#include <string>

namespace servebench::test {

// Whether `actual` equals the file at `golden_path` (relative to the
// workspace root, e.g. "tools/report/testdata/core.md").
::testing::AssertionResult MatchesGolden(const std::string& actual,
                                         const std::string& golden_path);

}  // namespace servebench::test

#endif  // SERVEBENCH_TESTING_GOLDEN_H_
