// Runs a command from an argument vector and captures its stdout and stderr
// together, with a timeout: how the log sources read `docker logs` and
// BENCH_LOG_CMD.
//
// Subprocess redirects each stream to its own file; a server log needs both
// streams interleaved in the order they were written (vLLM logs to stderr,
// some lines go to stdout), so this spawns with one pipe behind both. The
// child leads its own process group so that a timeout kills what it started
// too (sudo -> docker, sh -> sleep).
#ifndef SERVEBENCH_BENCH_SERVER_LOGS_CAPTURED_COMMAND_H_
#define SERVEBENCH_BENCH_SERVER_LOGS_CAPTURED_COMMAND_H_

#include <sys/types.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/result.h"

namespace servebench {

struct CaptureOptions {
  // Variables to set (or, with an empty optional, to remove) on top of the
  // parent's environment. A PATH set here is also where argv[0] is looked
  // up.
  std::map<std::string, std::optional<std::string>> env;
  double timeout_s = 30;
  // Only the last `max_bytes` of the output are kept: logs pile up and the
  // latest server start is at the end.
  size_t max_bytes = 64u << 20;
};

struct CapturedOutput {
  // The exit code, or 128 + signal number; meaningless when timed_out.
  int exit_code = 0;
  bool timed_out = false;
  std::string output;      // stdout and stderr interleaved, the tail
  size_t total_bytes = 0;  // how much the command wrote
  bool truncated() const { return total_bytes > output.size(); }
};

// Fails only when the command could not be started (empty argv, program not
// found or not executable). A non-zero exit or a timeout is an outcome the
// caller words for its own context.
Result<CapturedOutput> RunCaptured(const std::vector<std::string>& argv,
                                   const CaptureOptions& options = {});

// A child whose stdin is /dev/null and whose stdout and stderr share one
// pipe; it leads its own process group, so kill(-pid, ...) also reaches
// what it started.
struct PipedChild {
  pid_t pid = -1;
  int fd = -1;  // the pipe's read end: non-blocking, closed on exec
};

// Starts `program` (a path, see FindProgram) with `argv` and the
// environment `envp` (a null-terminated array, e.g. `environ`). The caller
// reaps the child and closes `fd`. The error says in a few words why
// nothing started ("pipe failed: ...", or posix_spawn's reason), for the
// caller to put in its own context.
Result<PipedChild> SpawnPiped(const std::string& program,
                              const std::vector<std::string>& argv,
                              char* const envp[]);

// Where `program` would be run from: itself when it contains a '/',
// otherwise the first executable match in the ':'-separated `path`.
std::optional<std::string> FindProgram(std::string_view program,
                                       std::string_view path);

// `argv` as one line for messages: words joined by spaces, a word with
// spaces or quotes wrapped in single quotes.
std::string JoinArgv(const std::vector<std::string>& argv);

// The start of untrusted output made safe to quote in one line: cut to
// `max_bytes`, control and non-ASCII bytes escaped as \xNN, wrapped in
// double quotes.
std::string QuoteOutput(std::string_view output, size_t max_bytes = 300);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_LOGS_CAPTURED_COMMAND_H_
