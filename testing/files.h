// Test helpers for files: the test's private temporary folder, and reading
// test data (or any file) with a test failure instead of an empty surprise.
#ifndef SERVEBENCH_TESTING_FILES_H_
#define SERVEBENCH_TESTING_FILES_H_

#include <string>

namespace servebench::test {

// $TEST_TMPDIR/<name> (the path only; nothing is created).
std::string TempPath(const std::string& name);

// TempPath(name) with nothing left there by an earlier test: the file, and
// a SQLite database's -wal and -shm files beside it, are removed.
std::string FreshTempPath(const std::string& name);

// $TEST_TMPDIR/<name>, created with its parents.
std::string TempDir(const std::string& name);

// The whole file, or "" after failing the current test (ADD_FAILURE) when
// it cannot be read. Test data paths are relative to the workspace root,
// e.g. "bench/protocol/testdata/sse/x.txt".
std::string ReadFileOrFail(const std::string& path);

// The whole file, or "" when it cannot be read (for files a test expects
// may be absent).
std::string ReadFileOrEmpty(const std::string& path);

// Keeps `text` as <name> among the test's undeclared outputs
// (bazel-testlogs/.../test.outputs/), for a person to look at, e.g. an SVG
// chart; does nothing outside Bazel.
void KeepOutput(const std::string& name, const std::string& text);

}  // namespace servebench::test

#endif  // SERVEBENCH_TESTING_FILES_H_
