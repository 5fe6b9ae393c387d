// Scratch files for tests, under Bazel's per-test temporary directory.
#include "tools/baseline/test_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/files.h"

namespace servebench::baseline_tool {

std::string TestData(const std::string& name) {
  return "tools/baseline/testdata/" + name;
}

std::string ScratchPath(const std::string& name) {
  static int counter = 0;
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::filesystem::path dir =
      std::filesystem::path(tmp != nullptr ? tmp : "/tmp") /
      ("scratch" + std::to_string(++counter));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
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

std::string ReadAll(const std::string& path) {
  return test::ReadFileOrEmpty(path);
}

}  // namespace servebench::baseline_tool
