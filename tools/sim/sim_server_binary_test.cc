// Runs the real //tools:sim_server binary the way a launcher does: --port 0
// with --port-file, wait for the file, probe /health, then SIGTERM (or
// SIGINT) and expect exit code 0.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"
#include "tools/sim/test_http_client.h"

extern char** environ;

namespace servebench::sim {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::TestHttpClient;

fs::path BinaryPath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  return fs::path(srcdir != nullptr ? srcdir : ".") /
         (workspace != nullptr ? workspace : "servebench") / "tools" /
         "sim_server";
}

fs::path TempDir(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  fs::path path = fs::path(dir != nullptr ? dir : "/tmp") / name;
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

std::string ReadFile(const fs::path& path) {
  return test::ReadFileOrEmpty(path.string());
}

// A child process whose stdout and stderr are captured through pipes.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    int out[2], err[2];
    if (::pipe(out) != 0 || ::pipe(err) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, err[0]);
    std::vector<std::string> argv_storage = args;
    argv_storage.insert(argv_storage.begin(), BinaryPath().string());
    std::vector<char*> argv;
    for (std::string& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) !=
        0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    stdout_fd_ = out[0];
    stderr_fd_ = err[0];
  }

  ~Child() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
  }

  bool started() const { return pid_ > 0; }
  void Signal(int signal) { ::kill(pid_, signal); }

  // The exit status once the process ends, or nullopt after `timeout`.
  std::optional<int> Wait(std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

  // Reads stdout until a newline or `timeout`.
  std::string ReadStdoutLine(std::chrono::seconds timeout) {
    return ReadLine(stdout_fd_, timeout);
  }

  // Everything left on stderr (call after the process ended).
  std::string ReadStderr() {
    return ReadLine(stderr_fd_, std::chrono::seconds(5), false);
  }

 private:
  static std::string ReadLine(int fd, std::chrono::seconds timeout,
                              bool stop_at_newline = true) {
    std::string text;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char c;
      if (::read(fd, &c, 1) != 1) break;  // end of file
      if (stop_at_newline && c == '\n') break;
      text += c;
    }
    return text;
  }

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  bool exited_ = false;
};

// Polls for the port file, as the benchmark does.
std::optional<int> WaitForPortFile(const fs::path& path,
                                   std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(path)) {
      std::string text = ReadFile(path);
      EXPECT_EQ(text.back(), '\n') << "port file: '" << text << "'";
      return std::stoi(text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

struct ShutdownSignal {
  std::string name;
  int signal;
  friend void PrintTo(const ShutdownSignal& s, std::ostream* os) {
    *os << s.name;
  }
};

class SimServerBinaryTest : public ::testing::TestWithParam<ShutdownSignal> {};

TEST_P(SimServerBinaryTest, PublishesPortServesAndExitsCleanly) {
  fs::path dir = TempDir("binary_" + GetParam().name);
  fs::path port_file = dir / "port";
  fs::path log_file = dir / "sim.log";
  Child child({"--port", "0", "--port-file", port_file.string(), "--log-file",
               log_file.string(), "--ttft-base-ms", "1", "--tpot-ms", "1"});
  ASSERT_TRUE(child.started()) << "cannot run " << BinaryPath();

  std::optional<int> port =
      WaitForPortFile(port_file, std::chrono::seconds(30));
  ASSERT_TRUE(port.has_value()) << "no port file after 30 s";
  ASSERT_GT(*port, 0);
  EXPECT_EQ(
      child.ReadStdoutLine(std::chrono::seconds(10)),
      "servebench sim listening on http://127.0.0.1:" + std::to_string(*port));

  TestHttpClient client;
  const std::string base = "http://127.0.0.1:" + std::to_string(*port);
  Result<testing::HttpResponse> health = client.Get(base + "/health");
  ASSERT_TRUE(health.ok()) << health.error();
  EXPECT_EQ(health->status, 200);
  Result<testing::HttpResponse> chat = client.Post(
      base + "/v1/chat/completions",
      R"({"messages":[{"role":"user","content":"hi"}],"max_tokens":3})");
  ASSERT_TRUE(chat.ok()) << chat.error();
  EXPECT_EQ(chat->status, 200) << chat->body;

  std::string log = ReadFile(log_file);
  EXPECT_THAT(log, HasSubstr("Starting vLLM API server 0 on " + base));
  EXPECT_THAT(log, HasSubstr("Application startup complete."));
  EXPECT_THAT(log, HasSubstr("\"POST /v1/chat/completions HTTP/1.1\" 200 OK"));

  child.Signal(GetParam().signal);
  std::optional<int> status = child.Wait(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value()) << "still running 20 s after the signal";
  ASSERT_TRUE(WIFEXITED(*status)) << "killed by signal " << WTERMSIG(*status);
  EXPECT_EQ(WEXITSTATUS(*status), 0) << child.ReadStderr();
}

INSTANTIATE_TEST_SUITE_P(Signals, SimServerBinaryTest,
                         ::testing::Values(ShutdownSignal{"Sigterm", SIGTERM},
                                           ShutdownSignal{"Sigint", SIGINT}),
                         [](const auto& info) { return info.param.name; });

TEST(SimServerBinaryFlagsTest, HelpListsTheFlagsAndExitsZero) {
  Child child({"--help"});
  ASSERT_TRUE(child.started());
  std::string help;
  for (int i = 0; i < 200; ++i) {
    help += child.ReadStdoutLine(std::chrono::seconds(5)) + "\n";
    if (help.find("--role-chunk") != std::string::npos) break;
  }
  EXPECT_THAT(help, HasSubstr("--tpot-ms"));
  EXPECT_THAT(help, HasSubstr("--port-file"));
  std::optional<int> status = child.Wait(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
}

TEST(SimServerBinaryFlagsTest, BadFlagValueExitsNonZero) {
  Child child({"--tpot-ms", "-3"});
  ASSERT_TRUE(child.started());
  std::optional<int> status = child.Wait(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_NE(WEXITSTATUS(*status), 0);
  EXPECT_THAT(child.ReadStderr(), HasSubstr("--tpot-ms"));
}

TEST(SimServerBinaryFlagsTest, BusyPortExitsOneWithTheAddress) {
  fs::path dir = TempDir("busy");
  Child first({"--port-file", (dir / "port").string(), "--log-file",
               (dir / "first.log").string()});
  ASSERT_TRUE(first.started());
  std::optional<int> port =
      WaitForPortFile(dir / "port", std::chrono::seconds(30));
  ASSERT_TRUE(port.has_value());

  Child second({"--port", std::to_string(*port), "--log-file",
                (dir / "second.log").string()});
  std::optional<int> status = second.Wait(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 1);
  EXPECT_THAT(second.ReadStderr(),
              HasSubstr("127.0.0.1:" + std::to_string(*port)));
  first.Signal(SIGTERM);
  EXPECT_TRUE(first.Wait(std::chrono::seconds(20)).has_value());
}

}  // namespace
}  // namespace servebench::sim
