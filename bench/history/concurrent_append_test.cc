// Two processes appending to one new history file at once, as two suites
// with the same BENCH_HISTORY would: every run and case must be there.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "bench/history/store.h"
#include "bench/history/test_runs.h"

namespace servebench::history {
namespace {

constexpr int kRunsPerWriter = 150;

// The child's work: open the (possibly not yet created) file and append
// like a suite does, one transaction per run and per case. Exit status 0
// when every write succeeded.
int AppendAsASuiteWould(const std::string& path, const std::string& writer,
                        int start_fd) {
  char go = 0;
  if (read(start_fd, &go, 1) != 1) return 10;  // wait for the starting shot
  Result<HistoryStore> store = HistoryStore::Open(path);
  if (!store.ok()) return 11;
  for (int i = 0; i < kRunsPerWriter; ++i) {
    HistoryRun run = TestRun(i);
    run.suite = writer;
    run.labels = {{"writer", writer}, {"seq", std::to_string(i)}};
    Result<int64_t> id = store->BeginRun(run);
    if (!id.ok()) return 12;
    for (const char* name : {"Isl128Osl128", "Isl1024Osl128"}) {
      const HistoryCase c = TestCase(
          name, {{"tpot_ms", 4.0 + i}, {"ttft_ms", 20.0}}, {99, 100, 101});
      if (!store->AppendCase(*id, c).ok()) return 13;
    }
  }
  return 0;
}

TEST(ConcurrentAppendTest, TwoWritersLoseNothing) {
  const std::string path = ::testing::TempDir() + "/concurrent.db";
  std::filesystem::remove(path);
  int start[2];
  ASSERT_EQ(pipe(start), 0);
  std::map<pid_t, std::string> children;
  for (const std::string writer : {"core", "extended"}) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(start[1]);
      _exit(AppendAsASuiteWould(path, writer, start[0]));
    }
    children[pid] = writer;
  }
  close(start[0]);
  // Both children are waiting on the pipe: release them together.
  ASSERT_EQ(write(start[1], "gg", 2), 2);
  close(start[1]);
  for (const auto& [pid, writer] : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << writer;
    EXPECT_EQ(WEXITSTATUS(status), 0) << writer << " failed to append";
  }

  Result<HistoryStore> store = HistoryStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  const std::vector<StoredRun> runs = store->LoadRuns({}).value();
  ASSERT_EQ(runs.size(), 2u * kRunsPerWriter);
  std::map<std::string, std::set<int>> seen;
  for (const StoredRun& stored : runs) {
    const int seq = std::stoi(stored.run.labels.at("seq"));
    EXPECT_EQ(stored.run.suite, stored.run.labels.at("writer"));
    seen[stored.run.suite].insert(seq);
    ASSERT_EQ(stored.cases.size(), 2u) << "run " << stored.id;
    for (const HistoryCase& c : stored.cases) {
      EXPECT_EQ(c.means.at("tpot_ms"), 4.0 + seq);
      EXPECT_EQ(c.samples.at("tpot_ms").size(), 3u);
    }
  }
  EXPECT_EQ(seen["core"].size(), static_cast<size_t>(kRunsPerWriter));
  EXPECT_EQ(seen["extended"].size(), static_cast<size_t>(kRunsPerWriter));
}

// Regression: the second of two processes creating the same new file at the
// same moment got "PRAGMA journal_mode=WAL failed: database is locked" at
// once (SQLite does not call the busy handler for that switch), and its
// suite failed every case. Both must open, every time.
TEST(ConcurrentAppendTest, TwoProcessesCreatingOneFileBothOpenIt) {
  for (int attempt = 0; attempt < 30; ++attempt) {
    const std::string path = ::testing::TempDir() + "/created_together_" +
                             std::to_string(attempt) + ".db";
    std::filesystem::remove(path);
    int start[2];
    ASSERT_EQ(pipe(start), 0);
    std::vector<pid_t> children;
    for (int i = 0; i < 2; ++i) {
      const pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        close(start[1]);
        char go = 0;
        if (read(start[0], &go, 1) != 1) _exit(10);
        Result<HistoryStore> store = HistoryStore::Open(path);
        if (!store.ok()) _exit(11);
        _exit(store->BeginRun(TestRun(i)).ok() ? 0 : 12);
      }
      children.push_back(pid);
    }
    close(start[0]);
    ASSERT_EQ(write(start[1], "gg", 2), 2);
    close(start[1]);
    for (pid_t pid : children) {
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      ASSERT_TRUE(WIFEXITED(status));
      EXPECT_EQ(WEXITSTATUS(status), 0) << "attempt " << attempt;
    }
  }
}

}  // namespace
}  // namespace servebench::history
