// posix_spawn behind one pipe, drained with poll() until exit or timeout.
#include "bench/facts/logs/captured_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace servebench {
namespace {

using SteadyClock = std::chrono::steady_clock;

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<std::string> BuildEnv(
    const std::map<std::string, std::optional<std::string>>& overrides) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq != nullptr)
      env[std::string(*e, static_cast<size_t>(eq - *e))] = eq + 1;
  }
  for (const auto& [name, value] : overrides) {
    if (value) {
      env[name] = *value;
    } else {
      env.erase(name);
    }
  }
  std::vector<std::string> strings;
  for (const auto& [name, value] : env) strings.push_back(name + "=" + value);
  return strings;
}

// Keeps the tail of a stream in at most about 2 * max bytes of memory.
class TailBuffer {
 public:
  explicit TailBuffer(size_t max_bytes) : max_(max_bytes) {}
  void Append(const char* data, size_t n) {
    total_ += n;
    text_.append(data, n);
    if (text_.size() > 2 * max_ + 65536) text_.erase(0, text_.size() - max_);
  }
  std::string Take() {
    if (text_.size() > max_) text_.erase(0, text_.size() - max_);
    return std::move(text_);
  }
  size_t total() const { return total_; }

 private:
  size_t max_;
  size_t total_ = 0;
  std::string text_;
};

// Reads what is available; returns false at end of file.
bool Drain(int fd, TailBuffer& buffer) {
  char chunk[65536];
  while (true) {
    const ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n > 0) {
      buffer.Append(chunk, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

}  // namespace

std::optional<std::string> FindProgram(std::string_view program,
                                       std::string_view path) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string_view::npos) {
    std::string p(program);
    if (access(p.c_str(), X_OK) == 0) return p;
    return std::nullopt;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string_view::npos) end = path.size();
    std::string dir(path.substr(start, end - start));
    if (dir.empty()) dir = ".";  // POSIX: an empty entry is the cwd
    std::string candidate = dir + "/" + std::string(program);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::string JoinArgv(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& word : argv) {
    if (!line.empty()) line += ' ';
    if (!word.empty() &&
        word.find_first_of(" \t\n'\"\\") == std::string::npos) {
      line += word;
      continue;
    }
    line += '\'';
    for (char c : word) {
      if (c == '\'') {
        line += "'\\''";
      } else {
        line += c;
      }
    }
    line += '\'';
  }
  return line;
}

std::string QuoteOutput(std::string_view output, size_t max_bytes) {
  std::string quoted = "\"";
  const std::string_view head = output.substr(0, max_bytes);
  for (unsigned char c : head) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02X", c);
      quoted += hex;
    } else {
      quoted += static_cast<char>(c);
    }
  }
  quoted += '"';
  if (output.size() > max_bytes) quoted += "...";
  return quoted;
}

Result<PipedChild> SpawnPiped(const std::string& program,
                              const std::vector<std::string>& argv,
                              char* const envp[]) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Error{std::string("pipe failed: ") + std::strerror(errno)};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  // dup2 clears close-on-exec on the copies; the originals close at exec.
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);

  std::vector<std::string> args = argv;
  std::vector<char*> argvp;
  for (auto& s : args) argvp.push_back(s.data());
  argvp.push_back(nullptr);

  PipedChild child;
  const int rc = posix_spawn(&child.pid, program.c_str(), &actions, &attr,
                             argvp.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return Error{std::strerror(rc)};
  }
  child.fd = fds[0];
  fcntl(child.fd, F_SETFL, fcntl(child.fd, F_GETFL) | O_NONBLOCK);
  return child;
}

Result<CapturedOutput> RunCaptured(const std::vector<std::string>& argv,
                                   const CaptureOptions& options) {
  if (argv.empty() || argv[0].empty()) {
    return Error{"cannot run an empty command"};
  }
  std::vector<std::string> env = BuildEnv(options.env);
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& entry : env) {
    if (entry.rfind("PATH=", 0) == 0) path = entry.substr(5);
  }
  const std::optional<std::string> program = FindProgram(argv[0], path);
  if (!program) {
    return Error{"cannot run " + JoinArgv(argv) + ": " + argv[0] +
                 (argv[0].find('/') == std::string::npos
                      ? " is not on PATH (" + path + ")"
                      : " does not exist or is not executable")};
  }

  std::vector<char*> envp;
  for (auto& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  Result<PipedChild> child = SpawnPiped(*program, argv, envp.data());
  if (!child.ok()) {
    return Error{"cannot run " + JoinArgv(argv) + ": " + child.error()};
  }
  const pid_t pid = child->pid;
  const int fd = child->fd;

  CapturedOutput result;
  TailBuffer buffer(options.max_bytes);
  const auto deadline = SteadyClock::now() +
                        std::chrono::duration_cast<SteadyClock::duration>(
                            std::chrono::duration<double>(options.timeout_s));
  bool open = true;
  std::optional<int> status;
  while (true) {
    if (!status) {
      int raw = 0;
      if (waitpid(pid, &raw, WNOHANG) == pid) status = DecodeStatus(raw);
    }
    const auto now = SteadyClock::now();
    if (!status && now >= deadline) {
      result.timed_out = true;
      kill(-pid, SIGKILL);
      int raw = 0;
      while (waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
      }
      status = DecodeStatus(raw);
      if (open) Drain(fd, buffer);
      break;
    }
    if (!open) {
      if (status) break;
      // The child closed its output but runs on: wait for its exit.
      usleep(20000);
      continue;
    }
    // Short slices so that an exit is noticed even when a grandchild keeps
    // the pipe open; after the exit, only what is already there is read.
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    const int wait_ms =
        status ? 0 : static_cast<int>(std::min<int64_t>(left.count(), 50));
    pollfd pfd{fd, POLLIN, 0};
    if (poll(&pfd, 1, wait_ms) > 0) {
      open = Drain(fd, buffer);
    } else if (status) {
      break;
    }
  }
  close(fd);
  result.exit_code = *status;
  result.total_bytes = buffer.total();
  result.output = buffer.Take();
  return result;
}

}  // namespace servebench
