#include "bench/base/files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "testing/files.h"

namespace servebench {
namespace {

using testing::HasSubstr;

TEST(ReadFileTest, ReadsTheWholeFile) {
  const std::string path = test::TempDir("read") + "/a.txt";
  ASSERT_TRUE(WriteFileAtomically(path, std::string("a\0b", 3)).ok());
  Result<std::string> text = ReadFile(path);
  ASSERT_TRUE(text.ok()) << text.error();
  EXPECT_EQ(*text, std::string("a\0b", 3));
}

TEST(ReadFileTest, AMissingFileIsOneSentenceWithThePath) {
  Result<std::string> text = ReadFile("/nonexistent/x.toml");
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.error(), HasSubstr("/nonexistent/x.toml: cannot read"));
}

TEST(ReadFileTest, AFileAboveTheBoundIsRefused) {
  const std::string path = test::TempDir("read") + "/big.txt";
  ASSERT_TRUE(WriteFileAtomically(path, std::string(1000, 'x')).ok());
  EXPECT_TRUE(ReadFile(path, 1000).ok());
  Result<std::string> text = ReadFile(path, 999);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.error(), HasSubstr("larger than 999 bytes"));
}

TEST(ReadFileTest, AnEndlessDeviceStopsAtTheBound) {
  Result<std::string> text = ReadFile("/dev/zero", 1 << 20);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.error(), HasSubstr("larger than"));
}

TEST(WriteFileAtomicallyTest, ReplacesAndLeavesNoTemporary) {
  const std::string dir = test::TempDir("atomic");
  ASSERT_TRUE(WriteFileAtomically(dir + "/a.json", "one").ok());
  ASSERT_TRUE(WriteFileAtomically(dir + "/a.json", "two").ok());
  EXPECT_EQ(*ReadFile(dir + "/a.json"), "two");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files, (void)entry;
  }
  EXPECT_EQ(files, 1);
}

TEST(WriteFileAtomicallyTest, AnUnwritableFolderNamesTheTemporary) {
  Status bad = WriteFileAtomically("/nonexistent-dir/x.json", "{}");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("/nonexistent-dir/x.json.tmp"));
  EXPECT_THAT(bad.error(), HasSubstr("is the folder writable?"));
}

}  // namespace
}  // namespace servebench
