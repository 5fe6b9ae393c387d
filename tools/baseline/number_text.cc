// Shortest round-trip formatting of figures.
#include "tools/baseline/number_text.h"

#include <charconv>

namespace servebench::baseline_tool {

std::string NumberText(double value) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string text(buf, end);
  // "36.0", as the figure was measured and as TOML keeps it, not "36".
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

}  // namespace servebench::baseline_tool
