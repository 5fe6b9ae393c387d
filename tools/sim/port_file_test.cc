// Tests atomic port-file publication.
#include "tools/sim/port_file.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"

namespace servebench::sim {
namespace {

namespace fs = std::filesystem;

fs::path TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  fs::path path = fs::path(dir != nullptr ? dir : "/tmp") / "port_file_test";
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

std::string Read(const fs::path& path) {
  return test::ReadFileOrEmpty(path.string());
}

TEST(PortFileTest, WritesPortAndNewlineAndLeavesNoTemporary) {
  fs::path dir = TempDir();
  fs::path file = dir / "port";
  ASSERT_TRUE(WritePortFile(file.string(), 43210).ok());
  EXPECT_EQ(Read(file), "43210\n");
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) {
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST(PortFileTest, ReplacesAnOldFile) {
  fs::path file = TempDir() / "port";
  std::ofstream(file) << "stale contents that are longer\n";
  ASSERT_TRUE(WritePortFile(file.string(), 8000).ok());
  EXPECT_EQ(Read(file), "8000\n");
}

TEST(PortFileTest, MissingDirectoryIsAnErrorNamingThePath) {
  fs::path file = TempDir() / "no" / "such" / "dir" / "port";
  Status s = WritePortFile(file.string(), 1);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error(), ::testing::HasSubstr("no/such/dir/port"));
}

}  // namespace
}  // namespace servebench::sim
