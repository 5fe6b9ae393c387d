// Temporary paths under Bazel's TEST_TMPDIR and whole-file reads for tests.
#include "testing/files.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "bench/base/files.h"

namespace servebench::test {

std::string TempPath(const std::string& name) {
  const char* root = std::getenv("TEST_TMPDIR");
  return std::string(root != nullptr ? root : "/tmp") + "/" + name;
}

std::string TempDir(const std::string& name) {
  const std::string path = TempPath(name);
  std::filesystem::create_directories(path);
  return path;
}

std::string ReadFileOrFail(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    ADD_FAILURE() << text.error();
    return "";
  }
  return *text;
}

std::string ReadFileOrEmpty(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  return text.ok() ? *text : "";
}

}  // namespace servebench::test
