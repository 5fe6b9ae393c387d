// Scratch files for tests, under Bazel's per-test temporary directory.
#include "tools/baseline/test_files.h"

#include <filesystem>

#include "testing/files.h"

namespace servebench::baseline_tool {

std::string TestData(const std::string& name) {
  return "tools/baseline/testdata/" + name;
}

std::string ScratchPath(const std::string& name) {
  // A folder per call: two tests may ask for the same name.
  static int counter = 0;
  return test::TempDir("scratch" + std::to_string(++counter)) + "/" + name;
}

std::string ScratchCopy(const std::string& from) {
  const std::string to =
      ScratchPath(std::filesystem::path(from).filename().string());
  std::filesystem::copy_file(from, to);
  // Test data is read-only in the runfiles tree; the copy is to be updated.
  std::filesystem::permissions(to, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  return to;
}

}  // namespace servebench::baseline_tool
