// Writes deeply nested JSON iteratively and checks JSON number text.
#include "tools/sim/hostile_json.h"

#include <algorithm>

namespace servebench::sim {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Skips a run of digits from `at`; returns how many there were.
size_t Digits(std::string_view text, size_t& at) {
  const size_t begin = at;
  while (at < text.size() && IsDigit(text[at])) ++at;
  return at - begin;
}

void AppendNested(std::string& out, NestingKind kind, int64_t depth) {
  depth = std::clamp(depth, kMinNestingDepth, kMaxNestingDepth);
  const size_t levels = static_cast<size_t>(depth);
  if (kind == NestingKind::kArray) {
    out.append(levels, '[');
    out.append(levels, ']');
    return;
  }
  constexpr std::string_view kOpen = "{\"a\":";
  out.reserve(out.size() + (levels - 1) * (kOpen.size() + 1) + 2);
  for (size_t i = 1; i < levels; ++i) out.append(kOpen);
  out.append("{}");
  out.append(levels - 1, '}');
}

}  // namespace

std::string NestedJson(NestingKind kind, int64_t depth) {
  std::string out;
  AppendNested(out, kind, depth);
  return out;
}

std::string NestedModelsBody(NestingKind kind, int64_t depth) {
  std::string out = "{\"object\":\"list\",\"data\":";
  AppendNested(out, kind, depth);
  out.push_back('}');
  return out;
}

bool IsJsonNumberText(std::string_view text) {
  size_t at = 0;
  if (at < text.size() && text[at] == '-') ++at;
  if (at < text.size() && text[at] == '0') {
    ++at;
  } else if (Digits(text, at) == 0) {
    return false;
  }
  if (at < text.size() && text[at] == '.') {
    ++at;
    if (Digits(text, at) == 0) return false;
  }
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    if (Digits(text, at) == 0) return false;
  }
  return at == text.size();
}

}  // namespace servebench::sim
