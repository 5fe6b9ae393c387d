// Formatting, path resolution and atomic writes for the history tool.
#include "tools/history/text.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace servebench::history_tool {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Join(const std::string& directory, const std::string& path) {
  if (directory.empty()) return path;
  return EndsWith(directory, "/") ? directory + path : directory + "/" + path;
}

}  // namespace

ToolEnv ToolEnv::FromEnvironment() {
  return ToolEnv{Env("BUILD_WORKING_DIRECTORY"),
                 Env("BUILD_WORKSPACE_DIRECTORY"), Env("BENCH_HISTORY")};
}

std::string ResolveInput(const std::string& path, const ToolEnv& env) {
  if (path.empty() || path.front() == '/') return path;
  return Join(env.working_directory, path);
}

std::string ResolveBaseline(const std::string& name_or_path,
                            const ToolEnv& env) {
  const bool is_name = !name_or_path.empty() &&
                       name_or_path.find('/') == std::string::npos &&
                       !EndsWith(name_or_path, ".toml");
  if (!is_name) return ResolveInput(name_or_path, env);
  return Join(env.workspace_directory, "baselines/" + name_or_path + ".toml");
}

std::string Figure(std::optional<double> value) {
  if (!value) return "n/a";
  char buf[64];
  if (*value == std::floor(*value) && std::fabs(*value) >= 100000) {
    std::snprintf(buf, sizeof buf, "%.0f", *value);
  } else {
    std::snprintf(buf, sizeof buf, std::fabs(*value) >= 10 ? "%.1f" : "%.2f",
                  *value);
  }
  return buf;
}

std::string SignedPercent(double fraction) {
  if (std::isinf(fraction)) return fraction > 0 ? "+\u221e%" : "\u2212\u221e%";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", std::fabs(fraction * 100));
  const std::string digits = buf;
  if (digits == "0.0") return "0.0%";
  return (fraction < 0 ? "\u2212" : "+") + digits + "%";
}

std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string ShortCommit(const std::string& commit) {
  return commit.size() > 10 ? commit.substr(0, 10) : commit;
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Error{"cannot write " + temporary + ": " + std::strerror(errno) +
                   " (does the folder exist and is it writable?)"};
    }
    out << text;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      return Error{"cannot write " + temporary + ": the disk may be full"};
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    return Error{"cannot replace " + path + ": " + reason};
  }
  return Ok{};
}

}  // namespace servebench::history_tool
