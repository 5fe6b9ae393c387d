// Reading the server log from a container, a command or a file.
#include "bench/facts/logs/log_source.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "bench/base/text_format.h"
#include "bench/facts/logs/captured_command.h"

namespace servebench {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower;
}

std::string FormatMib(size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.0f MiB",
                static_cast<double>(bytes) / (1 << 20));
  return text;
}

// The PATH commands are looked up in: the override for the child, if any.
std::string EffectivePath(const LogSourceSettings& settings) {
  if (auto it = settings.command_env.find("PATH");
      it != settings.command_env.end() && it->second) {
    return *it->second;
  }
  const char* path = std::getenv("PATH");
  return path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
}

void NoteTruncation(const CapturedOutput& out, size_t max_bytes,
                    std::vector<std::string>& warnings) {
  if (out.truncated()) {
    warnings.push_back("the log was " + FormatMib(out.total_bytes) +
                       "; kept its last " + FormatMib(max_bytes));
  }
}

// "exited with code 1: "..."" or "timed out after 30 s and was killed".
std::string Outcome(const CapturedOutput& out, double timeout_s) {
  if (out.timed_out) {
    return "timed out after " + Compact(timeout_s) + " s and was killed";
  }
  std::string text = "exited with code " + std::to_string(out.exit_code);
  text += out.output.empty() ? " and printed nothing"
                             : ": " + QuoteOutput(out.output);
  return text;
}

bool Failed(const CapturedOutput& out) {
  return out.timed_out || out.exit_code != 0;
}

bool PermissionDenied(const CapturedOutput& out) {
  return !out.timed_out && out.exit_code != 0 &&
         Lower(out.output).find("permission denied") != std::string::npos;
}

Result<std::optional<LogText>> ReadContainer(const LogSourceSettings& s) {
  std::string runtime = s.container_runtime;
  const std::string path = EffectivePath(s);
  if (runtime.empty()) {
    runtime = "docker";
    if (!FindProgram("docker", path) && FindProgram("podman", path)) {
      runtime = "podman";
    }
  }
  CaptureOptions options{s.command_env, s.timeout_s, s.max_bytes};
  const std::vector<std::string> argv = {runtime, "logs", s.container};
  auto first = RunCaptured(argv, options);
  if (!first.ok()) {
    return Error{first.error() +
                 "; install docker or podman (BENCH_CONTAINER_RUNTIME picks "
                 "one), or read the log with BENCH_LOG_CMD or BENCH_LOG_FILE "
                 "instead of BENCH_CONTAINER"};
  }
  LogText log;
  if (PermissionDenied(*first)) {
    // Users outside the docker group cannot reach the daemon socket; a
    // password-less sudo often can. -n: never prompt from inside a test.
    std::vector<std::string> sudo_argv = {"sudo", "-n"};
    sudo_argv.insert(sudo_argv.end(), argv.begin(), argv.end());
    auto second = RunCaptured(sudo_argv, options);
    if (!second.ok() || Failed(*second)) {
      return Error{
          "`" + JoinArgv(argv) + "` (BENCH_CONTAINER) was denied permission " +
          QuoteOutput(first->output) + " and `" + JoinArgv(sudo_argv) + "` " +
          (second.ok() ? Outcome(*second, s.timeout_s) : second.error()) +
          "; add the user to the " + runtime +
          " group, allow password-less sudo for it, or read the log with "
          "BENCH_LOG_CMD or BENCH_LOG_FILE"};
    }
    log.warnings.push_back("`" + JoinArgv(argv) + "` was denied permission (" +
                           QuoteOutput(first->output, 120) +
                           "); read the log with `" + JoinArgv(sudo_argv) +
                           "` instead (add the user to the " + runtime +
                           " group to avoid sudo)");
    NoteTruncation(*second, s.max_bytes, log.warnings);
    log.text = std::move(second->output);
    log.source = JoinArgv(sudo_argv);
    return std::optional<LogText>(std::move(log));
  }
  if (Failed(*first)) {
    return Error{"`" + JoinArgv(argv) + "` (BENCH_CONTAINER) " +
                 Outcome(*first, s.timeout_s) +
                 "; check that BENCH_CONTAINER=" + s.container +
                 " names a container (`" + runtime + " ps -a`)" +
                 (first->timed_out ? " or raise BENCH_LOG_CMD_TIMEOUT" : "")};
  }
  NoteTruncation(*first, s.max_bytes, log.warnings);
  log.text = std::move(first->output);
  log.source = JoinArgv(argv);
  return std::optional<LogText>(std::move(log));
}

Result<std::optional<LogText>> ReadCommand(const LogSourceSettings& s) {
  const std::string what = "`" + JoinArgv(s.command) + "` (BENCH_LOG_CMD)";
  auto out = RunCaptured(
      s.command, CaptureOptions{s.command_env, s.timeout_s, s.max_bytes});
  if (!out.ok()) {
    return Error{out.error() +
                 " (BENCH_LOG_CMD); fix the command or unset BENCH_LOG_CMD"};
  }
  if (out->timed_out) {
    return Error{what + " " + Outcome(*out, s.timeout_s) +
                 "; make the command end (no -f/--follow) or raise "
                 "BENCH_LOG_CMD_TIMEOUT"};
  }
  if (out->exit_code != 0) {
    return Error{what + " " + Outcome(*out, s.timeout_s) +
                 "; run it by hand to see why, or unset BENCH_LOG_CMD"};
  }
  LogText log;
  NoteTruncation(*out, s.max_bytes, log.warnings);
  log.text = std::move(out->output);
  log.source = "command " + JoinArgv(s.command);
  return std::optional<LogText>(std::move(log));
}

Result<std::optional<LogText>> ReadFile(const LogSourceSettings& s) {
  std::error_code ec;
  if (std::filesystem::is_directory(s.file, ec)) {
    return Error{"cannot read BENCH_LOG_FILE=" + s.file +
                 ": it is a directory; point it at the server's log file"};
  }
  std::ifstream in(s.file, std::ios::binary);
  if (!in) {
    return Error{"cannot read BENCH_LOG_FILE=" + s.file + ": " +
                 std::strerror(errno) +
                 "; point it at the server's log file or unset it"};
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  LogText log;
  std::streamoff start = 0;
  if (size > 0 && static_cast<size_t>(size) > s.max_bytes) {
    start = size - static_cast<std::streamoff>(s.max_bytes);
    log.warnings.push_back("the log was " +
                           FormatMib(static_cast<size_t>(size)) +
                           "; kept its last " + FormatMib(s.max_bytes));
  }
  in.seekg(start);
  if (size > 0) {
    log.text.resize(static_cast<size_t>(size - start));
    in.read(log.text.data(), static_cast<std::streamsize>(log.text.size()));
    log.text.resize(static_cast<size_t>(in.gcount()));
  } else {
    // Not seekable (a FIFO, /dev/stdin): read it all, keeping the tail.
    in.clear();
    std::string chunk(1 << 16, '\0');
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) ||
           in.gcount() > 0) {
      log.text.append(chunk.data(), static_cast<size_t>(in.gcount()));
      if (log.text.size() > 2 * s.max_bytes) {
        log.text.erase(0, log.text.size() - s.max_bytes);
      }
    }
    if (log.text.size() > s.max_bytes) {
      log.text.erase(0, log.text.size() - s.max_bytes);
    }
  }
  if (in.bad()) {
    return Error{"cannot read BENCH_LOG_FILE=" + s.file + ": " +
                 std::strerror(errno) + "; check the file"};
  }
  log.source = "file " + s.file;
  return std::optional<LogText>(std::move(log));
}

}  // namespace

Result<std::vector<std::string>> SplitCommandLine(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == line.size()) {
        return Error{"the command ends with a lone backslash"};
      }
      word += line[i];
    } else if (c == '\'') {
      const size_t close = line.find('\'', i + 1);
      if (close == std::string_view::npos) {
        return Error{"a single quote at character " + std::to_string(i + 1) +
                     " is never closed"};
      }
      word.append(line.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '"') {
      const size_t open = i;
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size() &&
            std::strchr("\"\\$`", line[i + 1]) != nullptr) {
          ++i;
        }
        word += line[i];
      }
      if (i == line.size()) {
        return Error{"a double quote at character " + std::to_string(open + 1) +
                     " is never closed"};
      }
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

LogSourceSettings LogSourceFromEnv(const EnvLookup& env) {
  LogSourceSettings settings;
  auto get = [&](const char* name) { return EnvValue(env, name); };
  if (auto timeout = get("BENCH_LOG_CMD_TIMEOUT")) {
    char* end = nullptr;
    const double s = std::strtod(timeout->c_str(), &end);
    if (end == timeout->c_str() || *end != '\0' || !std::isfinite(s) ||
        s <= 0) {
      settings.error = "BENCH_LOG_CMD_TIMEOUT=" + *timeout +
                       " is not a positive number of seconds; use e.g. 30";
    } else {
      settings.timeout_s = s;
    }
  }
  if (auto runtime = get("BENCH_CONTAINER_RUNTIME")) {
    if (*runtime != "docker" && *runtime != "podman") {
      settings.error = "BENCH_CONTAINER_RUNTIME=" + *runtime +
                       " is neither docker nor podman; use one of them or "
                       "read the log with BENCH_LOG_CMD";
    }
    settings.container_runtime = *runtime;
  }
  const char* const order[] = {"BENCH_CONTAINER", "BENCH_LOG_CMD",
                               "BENCH_LOG_FILE"};
  for (const char* name : order) {
    auto value = get(name);
    if (!value) continue;
    if (settings.kind != LogSourceSettings::Kind::kNone) {
      settings.warnings.push_back(std::string(name) + " is ignored: " +
                                  order[static_cast<int>(settings.kind) - 1] +
                                  " is also set and wins");
      continue;
    }
    if (name == order[0]) {
      settings.kind = LogSourceSettings::Kind::kContainer;
      settings.container = *value;
    } else if (name == order[1]) {
      settings.kind = LogSourceSettings::Kind::kCommand;
      auto words = SplitCommandLine(*value);
      if (!words.ok()) {
        settings.error = "BENCH_LOG_CMD=" + *value +
                         " cannot be split: " + words.error() +
                         "; fix its quoting";
      } else if (words->empty()) {
        settings.error =
            "BENCH_LOG_CMD holds no command; set it to one, "
            "e.g. \"kubectl logs deploy/vllm\"";
      } else {
        settings.command = std::move(*words);
      }
    } else {
      settings.kind = LogSourceSettings::Kind::kFile;
      settings.file = *value;
    }
  }
  return settings;
}

Result<std::optional<LogText>> ReadServerLog(
    const LogSourceSettings& settings) {
  if (settings.error) return Error{*settings.error};
  Result<std::optional<LogText>> log = std::optional<LogText>();
  switch (settings.kind) {
    case LogSourceSettings::Kind::kNone:
      return std::optional<LogText>();
    case LogSourceSettings::Kind::kContainer:
      log = ReadContainer(settings);
      break;
    case LogSourceSettings::Kind::kCommand:
      log = ReadCommand(settings);
      break;
    case LogSourceSettings::Kind::kFile:
      log = ReadFile(settings);
      break;
  }
  if (log.ok() && *log) {
    (*log)->warnings.insert((*log)->warnings.begin(), settings.warnings.begin(),
                            settings.warnings.end());
  }
  return log;
}

}  // namespace servebench
