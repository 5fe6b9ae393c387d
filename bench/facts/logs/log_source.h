// Where the server's log comes from when the benchmark did not start the
// server itself: a container, a command, or a file, chosen by environment
// variables.
//
//   BENCH_CONTAINER=NAME      `docker logs NAME` (stdout and stderr: vLLM
//                             logs to stderr). On "permission denied" from
//                             the Docker socket, retried once as
//                             `sudo -n docker logs NAME`, with a warning.
//   BENCH_CONTAINER_RUNTIME   docker or podman; unset: docker, or podman when
//                             only podman is installed.
//   BENCH_LOG_CMD="kubectl logs deploy/vllm"
//                             a command split into words like a shell would
//                             ('...', "...", \x) but never run by one: no
//                             $VAR, ~, globs, ; or pipes.
//   BENCH_LOG_CMD_TIMEOUT=S   seconds before the container or log command
//                             is killed; default 30.
//   BENCH_LOG_FILE=PATH       the file's content.
//
// The first one set, in that order, wins. None set: the log is unknown,
// which is not an error (the facts it would give stay unknown).
#ifndef SERVEBENCH_BENCH_SERVER_LOGS_LOG_SOURCE_H_
#define SERVEBENCH_BENCH_SERVER_LOGS_LOG_SOURCE_H_

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/env.h"
#include "bench/base/result.h"

namespace servebench {

struct LogSourceSettings {
  enum class Kind { kNone, kContainer, kCommand, kFile };
  Kind kind = Kind::kNone;

  std::string container;  // kContainer
  // "docker" or "podman"; empty: docker if installed, else podman.
  std::string container_runtime;
  std::vector<std::string> command;  // kCommand, already split
  std::string file;                  // kFile
  double timeout_s = 30;             // for kContainer and kCommand
  size_t max_bytes = 64u << 20;      // only the tail of a longer log is kept

  // Set when the variables themselves are wrong (an unbalanced quote in
  // BENCH_LOG_CMD, a bad timeout): ReadServerLog returns it.
  std::optional<std::string> error;
  // Variables set but ignored because an earlier one won.
  std::vector<std::string> warnings;
  // Extra environment for the commands run (tests put fakes on PATH).
  std::map<std::string, std::optional<std::string>> command_env;
};

// Pure: reads only through `env`.
LogSourceSettings LogSourceFromEnv(const EnvLookup& env);

struct LogText {
  std::string text;
  // What was read, for messages and test properties: "docker logs vllm",
  // "sudo -n docker logs vllm", "command kubectl logs deploy/vllm",
  // "file /x/y.log".
  std::string source;
  std::vector<std::string> warnings;
};

// nullopt when no source is configured. An Error, one sentence naming what
// ran and what to do, when the source cannot be read: a command not found,
// exiting non-zero (with the start of its output) or timing out; a file that
// cannot be opened.
Result<std::optional<LogText>> ReadServerLog(const LogSourceSettings& settings);

// Splits `line` into words the way a POSIX shell would for quoting only:
// blanks separate words; '...' is literal; in "..." a backslash escapes only
// " \ $ and `; outside quotes a backslash escapes the next character.
// Nothing is expanded. Fails on an unterminated quote or trailing backslash.
Result<std::vector<std::string>> SplitCommandLine(std::string_view line);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_LOGS_LOG_SOURCE_H_
