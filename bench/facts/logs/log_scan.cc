// Shared helpers for the per-engine log parsers.
#include "bench/facts/logs/log_scan.h"

#include <cstdio>
#include <cstdlib>

namespace servebench::server_logs {
namespace {

re2::RE2::Options ByteOptions() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  return options;
}

std::string WithoutSeparators(std::string_view digits) {
  std::string kept;
  for (char c : digits) {
    if (c != ',') kept += c;
  }
  return kept;
}

}  // namespace

LogPattern::LogPattern(const char* pattern) : re_(pattern, ByteOptions()) {
  if (!re_.ok() || re_.NumberOfCapturingGroups() > kMaxGroups) {
    std::fprintf(stderr, "log pattern \"%s\" is invalid: %s\n", pattern,
                 re_.ok() ? "too many groups" : re_.error().c_str());
    std::abort();
  }
}

Wordings::Wordings(std::initializer_list<const char*> patterns) {
  for (const char* pattern : patterns) patterns_.emplace_back(pattern);
}

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
    const std::vector<std::string_view>& lines, StartMarkers tiers) {
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

bool Find(std::string_view line, const LogPattern& pattern, LineMatch& match) {
  if (line.size() > kMaxScannedLineBytes) {
    line.remove_prefix(line.size() - kMaxScannedLineBytes);
  }
  const re2::RE2& re = pattern.re2();
  const int groups = 1 + re.NumberOfCapturingGroups();
  std::array<re2::StringPiece, LogPattern::kMaxGroups + 1> pieces;
  if (!re.Match(re2::StringPiece(line.data(), line.size()), 0, line.size(),
                re2::RE2::UNANCHORED, pieces.data(), groups)) {
    return false;
  }
  for (size_t i = 0; i < match.groups_.size(); ++i) {
    // RE2 leaves a group that took no part in the match with a null data().
    const bool matched = static_cast<int>(i) < groups && pieces[i].data();
    match.groups_[i] = {
        matched ? std::string_view(pieces[i].data(), pieces[i].size())
                : std::string_view(),
        matched};
  }
  return true;
}

double Number(const LineMatch::value_type& group) {
  return std::strtod(WithoutSeparators(group.text).c_str(), nullptr);
}

int64_t Integer(const LineMatch::value_type& group) {
  return std::strtoll(WithoutSeparators(group.text).c_str(), nullptr, 10);
}

bool LogLine::Find(const LogPattern& pattern) {
  return server_logs::Find(text_, pattern, match_);
}

bool LogLine::FindFirst(const Wordings& wordings) {
  for (const LogPattern& wording : wordings.patterns()) {
    if (Find(wording)) return true;
  }
  return false;
}

ServerFacts ReadLastStart(std::string_view log, Engine engine,
                          StartMarkers tiers,
                          const std::function<void(LogLine&)>& read_line) {
  ServerFacts facts;
  facts.engine = engine;
  for (std::string_view text : LinesOfLastStart(SplitLines(log), tiers)) {
    LogLine line(text, facts);
    read_line(line);
  }
  return facts;
}

}  // namespace servebench::server_logs
