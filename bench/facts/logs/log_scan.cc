// Shared helpers for the per-engine log parsers.
#include "bench/facts/logs/log_scan.h"

#include <cstdlib>

namespace servebench::server_logs {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<std::string_view> LinesOfLastStart(
    const std::vector<std::string_view>& lines,
    std::initializer_list<std::initializer_list<std::string_view>> tiers) {
  for (const auto& markers : tiers) {
    for (size_t i = lines.size(); i-- > 0;) {
      for (std::string_view marker : markers) {
        if (lines[i].find(marker) != std::string_view::npos) {
          return {lines.begin() + i, lines.end()};
        }
      }
    }
  }
  return lines;
}

bool Find(std::string_view line, const std::regex& pattern, LineMatch& match) {
  // libstdc++'s regex recurses once per character matched, so a huge line
  // (a tqdm bar redrawn with \r thousands of times, or garbage) could
  // overflow the stack. The record a pattern looks for ends the physical
  // line, so its last kMaxScannedBytes suffice.
  constexpr size_t kMaxScannedBytes = 4096;
  if (line.size() > kMaxScannedBytes) {
    line.remove_prefix(line.size() - kMaxScannedBytes);
  }
  return std::regex_search(line.begin(), line.end(), match, pattern);
}

double Number(const LineMatch::value_type& group) {
  std::string digits;
  for (char c : group.str()) {
    if (c != ',') digits += c;
  }
  return std::strtod(digits.c_str(), nullptr);
}

int64_t Integer(const LineMatch::value_type& group) {
  std::string digits;
  for (char c : group.str()) {
    if (c != ',') digits += c;
  }
  return std::strtoll(digits.c_str(), nullptr, 10);
}

}  // namespace servebench::server_logs
