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

std::string FreshTempPath(const std::string& name) {
  const std::string path = TempPath(name);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
  return path;
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

void KeepOutput(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  if (dir == nullptr) return;
  const std::string path = std::string(dir) + "/" + name;
  if (Status written = WriteFileAtomically(path, text); !written.ok()) {
    ADD_FAILURE() << written.error();
  }
}

}  // namespace servebench::test
