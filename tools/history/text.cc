// Figures, percentages and the environment of the history tool.
#include "tools/history/text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace servebench::history_tool {

ToolEnv ToolEnv::FromEnvironment() {
  const char* history = std::getenv("BENCH_HISTORY");
  return ToolEnv{RunDirectories::FromEnvironment(),
                 history == nullptr ? "" : history};
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

std::string ShortCommit(const std::string& commit) {
  return commit.size() > 10 ? commit.substr(0, 10) : commit;
}

}  // namespace servebench::history_tool
