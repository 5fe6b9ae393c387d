// Reading the checked-out commit from .git folders built in the test.
#include "bench/history/git_commit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace servebench::history {
namespace {

namespace fs = std::filesystem;

const std::string kCommitA = "0123456789abcdef0123456789abcdef01234567";
const std::string kCommitB = "89abcdef0123456789abcdef0123456789abcdef";

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ParseGitHeadTest, DetachedAndSymbolic) {
  EXPECT_EQ(ParseGitHead(kCommitA + "\n")->commit, kCommitA);
  EXPECT_EQ(ParseGitHead("ref: refs/heads/main\n")->ref, "refs/heads/main");
  EXPECT_FALSE(ParseGitHead("ref: ../../etc/passwd").has_value());
  EXPECT_FALSE(ParseGitHead("ref: refs/../../x").has_value());
  EXPECT_FALSE(ParseGitHead("not a head").has_value());
  EXPECT_FALSE(ParseGitHead("0123").has_value());
}

TEST(ParseGitDirFileTest, ReadsTheTarget) {
  EXPECT_EQ(ParseGitDirFile("gitdir: /repo/.git/worktrees/wt\n"),
            "/repo/.git/worktrees/wt");
  EXPECT_FALSE(ParseGitDirFile("something else").has_value());
  EXPECT_FALSE(ParseGitDirFile("gitdir:   ").has_value());
}

TEST(FindPackedRefTest, SkipsHeaderAndPeeledLines) {
  const std::string packed = "# pack-refs with: peeled fully-peeled sorted\n" +
                             kCommitA + " refs/heads/main\n" + kCommitB +
                             " refs/tags/v1\n^" + kCommitA + "\n";
  EXPECT_EQ(FindPackedRef(packed, "refs/heads/main"), kCommitA);
  EXPECT_EQ(FindPackedRef(packed, "refs/tags/v1"), kCommitB);
  EXPECT_FALSE(FindPackedRef(packed, "refs/heads/other").has_value());
}

TEST(IsCommitIdTest, FortyOrSixtyFourHexDigits) {
  EXPECT_TRUE(IsCommitId(kCommitA));
  EXPECT_TRUE(IsCommitId(std::string(64, 'a')));
  EXPECT_FALSE(IsCommitId(std::string(40, 'g')));
  EXPECT_FALSE(IsCommitId(kCommitA.substr(1)));
}

TEST(CheckoutCommitTest, LooseRefFromASubfolder) {
  const fs::path repo = FreshDir("loose");
  Write(repo / ".git/HEAD", "ref: refs/heads/main\n");
  Write(repo / ".git/refs/heads/main", kCommitA + "\n");
  fs::create_directories(repo / "suites/deep");
  EXPECT_EQ(CheckoutCommit((repo / "suites/deep").string()), kCommitA);
  Write(repo / "suites/core.toml", "");
  EXPECT_EQ(CheckoutCommit((repo / "suites/core.toml").string()), kCommitA);
}

TEST(CheckoutCommitTest, PackedRefAndDetachedHead) {
  const fs::path repo = FreshDir("packed");
  Write(repo / ".git/HEAD", "ref: refs/heads/main\n");
  Write(repo / ".git/packed-refs", kCommitB + " refs/heads/main\n");
  EXPECT_EQ(CheckoutCommit(repo.string()), kCommitB);
  Write(repo / ".git/HEAD", kCommitA + "\n");
  EXPECT_EQ(CheckoutCommit(repo.string()), kCommitA);
}

TEST(CheckoutCommitTest, WorktreeFindsRefsInTheCommonDir) {
  const fs::path root = FreshDir("worktree");
  Write(root / "main/.git/refs/heads/history", kCommitB + "\n");
  Write(root / "main/.git/worktrees/wt/HEAD", "ref: refs/heads/history\n");
  Write(root / "main/.git/worktrees/wt/commondir", "../..\n");
  Write(root / "wt/.git",
        "gitdir: " + (root / "main/.git/worktrees/wt").string() + "\n");
  EXPECT_EQ(CheckoutCommit((root / "wt").string()), kCommitB);
}

TEST(CheckoutCommitTest, FollowsASymlinkIntoTheTree) {
  const fs::path repo = FreshDir("linked");
  Write(repo / ".git/HEAD", kCommitA + "\n");
  Write(repo / "suites/core.toml", "");
  const fs::path elsewhere = FreshDir("runfiles");
  fs::create_symlink(repo / "suites/core.toml", elsewhere / "core.toml");
  EXPECT_EQ(CheckoutCommit((elsewhere / "core.toml").string()), kCommitA);
}

TEST(CheckoutCommitTest, NothingOutsideACheckoutOrOnAnUnbornBranch) {
  const fs::path plain = FreshDir("plain");
  // The test's temporary folder is not inside a git checkout.
  EXPECT_FALSE(CheckoutCommit(plain.string()).has_value());
  const fs::path unborn = FreshDir("unborn");
  Write(unborn / ".git/HEAD", "ref: refs/heads/main\n");
  EXPECT_FALSE(CheckoutCommit(unborn.string()).has_value());
  const fs::path garbage = FreshDir("garbage");
  Write(garbage / ".git/HEAD", std::string(10000, 'x'));
  EXPECT_FALSE(CheckoutCommit(garbage.string()).has_value());
}

}  // namespace
}  // namespace servebench::history
