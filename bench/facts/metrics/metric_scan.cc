// Line delimiting, label and value parsing for the selective scan, following
// the grammar prometheus_text.cc reads.
#include "bench/facts/metrics/metric_scan.h"

#include <charconv>
#include <cstdint>
#include <cstring>

#include "bench/facts/metrics/prometheus_text.h"

namespace servebench {
namespace {

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameStart(char c) { return IsAlpha(c) || c == '_' || c == ':'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c); }
bool IsLabelStart(char c) { return IsAlpha(c) || c == '_'; }
bool IsLabelChar(char c) { return IsLabelStart(c) || IsDigit(c); }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

size_t SkipBlanks(std::string_view s, size_t i) {
  while (i < s.size() && IsBlank(s[i])) ++i;
  return i;
}

// From just after '{': the index of the matching '}', or npos when the
// labels are malformed (the grammar of prometheus_text.cc's ParseLabels).
size_t EndOfLabels(std::string_view s, size_t i) {
  while (true) {
    i = SkipBlanks(s, i);
    if (i < s.size() && s[i] == '}') return i;
    if (i >= s.size() || !IsLabelStart(s[i])) return std::string_view::npos;
    while (i < s.size() && IsLabelChar(s[i])) ++i;
    i = SkipBlanks(s, i);
    if (i >= s.size() || s[i] != '=') return std::string_view::npos;
    i = SkipBlanks(s, i + 1);
    if (i >= s.size() || s[i] != '"') return std::string_view::npos;
    ++i;
    bool closed = false;
    while (i < s.size()) {
      const char c = s[i++];
      if (c == '"') {
        closed = true;
        break;
      }
      if (c != '\\') continue;
      if (i >= s.size()) return std::string_view::npos;
      const char e = s[i++];
      if (e != '\\' && e != '"' && e != 'n') return std::string_view::npos;
    }
    if (!closed) return std::string_view::npos;
    i = SkipBlanks(s, i);
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == '}') return i;
    return std::string_view::npos;
  }
}

std::string_view Token(std::string_view s, size_t& i) {
  const size_t start = i;
  while (i < s.size() && !IsBlank(s[i])) ++i;
  return s.substr(start, i - start);
}

}  // namespace

std::optional<std::string_view> NextSeriesLine(std::string_view text,
                                               std::string_view name,
                                               size_t& pos) {
  while (pos < text.size()) {
    const void* hit =
        memmem(text.data() + pos, text.size() - pos, name.data(), name.size());
    if (hit == nullptr) break;
    const size_t at =
        static_cast<size_t>(static_cast<const char*>(hit) - text.data());
    pos = at + 1;
    // At a line's start, after blanks only...
    size_t start = at;
    while (start > 0 && IsBlank(text[start - 1])) --start;
    if (start > 0 && text[start - 1] != '\n') continue;
    // ...and the whole name, not the start of a longer one.
    const size_t after = at + name.size();
    if (after < text.size() && IsNameChar(text[after])) continue;
    const void* eol =
        std::memchr(text.data() + after, '\n', text.size() - after);
    const size_t end =
        eol == nullptr
            ? text.size()
            : static_cast<size_t>(static_cast<const char*>(eol) - text.data());
    pos = end;
    return text.substr(start, end - start);
  }
  pos = text.size();
  return std::nullopt;
}

std::string_view LineMetricName(std::string_view line) {
  const size_t start = SkipBlanks(line, 0);
  if (start >= line.size() || !IsNameStart(line[start])) return {};
  size_t end = start + 1;
  while (end < line.size() && IsNameChar(line[end])) ++end;
  return line.substr(start, end - start);
}

bool ParseSampleLine(std::string_view line, std::string_view name,
                     SampleLine& out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // `name` is a view into `line`: continue right after it.
  size_t i = static_cast<size_t>(name.data() - line.data()) + name.size();
  if (i > line.size()) return false;
  out.name = name;
  out.labels = {};
  i = SkipBlanks(line, i);
  if (i < line.size() && line[i] == '{') {
    const size_t close = EndOfLabels(line, i + 1);
    if (close == std::string_view::npos) return false;
    out.labels = line.substr(i + 1, close - i - 1);
    i = close + 1;
  }
  i = SkipBlanks(line, i);
  const std::optional<double> value = ParsePrometheusValue(Token(line, i));
  if (!value) return false;
  out.value = *value;
  i = SkipBlanks(line, i);
  if (i == line.size()) return true;
  // An optional integer timestamp (ms), then nothing.
  std::string_view stamp = Token(line, i);
  if (!stamp.empty() && stamp[0] == '+') stamp.remove_prefix(1);
  int64_t ms = 0;
  const auto [ptr, ec] =
      std::from_chars(stamp.data(), stamp.data() + stamp.size(), ms);
  if (stamp.empty() || ec != std::errc() || ptr != stamp.data() + stamp.size())
    return false;
  return SkipBlanks(line, i) == line.size();
}

std::optional<std::string_view> FindLabel(std::string_view labels,
                                          std::string_view label) {
  size_t i = 0;
  while (i < labels.size()) {
    i = SkipBlanks(labels, i);
    const size_t name_start = i;
    while (i < labels.size() && IsLabelChar(labels[i])) ++i;
    const std::string_view name = labels.substr(name_start, i - name_start);
    i = SkipBlanks(labels, i);
    if (i >= labels.size() || labels[i] != '=') return std::nullopt;
    i = SkipBlanks(labels, i + 1);
    if (i >= labels.size() || labels[i] != '"') return std::nullopt;
    const size_t value_start = ++i;
    while (i < labels.size() && labels[i] != '"') {
      i += labels[i] == '\\' ? 2 : 1;
    }
    if (i >= labels.size()) return std::nullopt;
    if (name == label) return labels.substr(value_start, i - value_start);
    i = SkipBlanks(labels, i + 1);
    if (i < labels.size() && labels[i] == ',') ++i;
  }
  return std::nullopt;
}

}  // namespace servebench
