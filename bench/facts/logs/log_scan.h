// Internal: line splitting, last-start selection, pattern search and fact
// recording shared by the per-engine log parsers.
#ifndef SERVEBENCH_BENCH_SERVER_LOGS_LOG_SCAN_H_
#define SERVEBENCH_BENCH_SERVER_LOGS_LOG_SCAN_H_

#include <re2/re2.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/facts/logs/server_facts.h"

namespace servebench::server_logs {

// Splits on '\n', dropping a trailing '\r' (logs copied from Windows hosts).
std::vector<std::string_view> SplitLines(std::string_view text);

// Substrings that mark a server's start, in tiers (see LinesOfLastStart).
using StartMarkers =
    std::initializer_list<std::initializer_list<std::string_view>>;

// The lines from the last start of a server onward. `tiers` lists start
// markers (substrings) by preference: the first tier with any match decides,
// so a process's very first line (e.g. vLLM's version line) can be preferred
// over later lines of the same start that also only appear once per start.
// With no marker at all the whole log is one start.
std::vector<std::string_view> LinesOfLastStart(
    const std::vector<std::string_view>& lines, StartMarkers tiers);

// A pattern a log line is searched for, in RE2 syntax. RE2 runs in time
// linear in the line and without recursion, so no line a server writes can
// overflow the stack or stall the scan. Lines are matched byte by byte
// (Latin-1), so invalid UTF-8 is just bytes. Unlike std::regex, `.` matches
// '\r' here: patterns write [^\r] where a record must not run across a tqdm
// bar's redraw, and \S matches '\v'.
// A pattern that does not compile, or has more than kMaxGroups groups, is a
// programming error: construction aborts with a message.
class LogPattern {
 public:
  static constexpr int kMaxGroups = 4;

  explicit LogPattern(const char* pattern);
  LogPattern(const LogPattern&) = delete;
  LogPattern& operator=(const LogPattern&) = delete;

  const re2::RE2& re2() const { return re_; }

 private:
  re2::RE2 re_;
};

// The wordings one record has had across releases (same groups in each),
// tried in order: the first that matches a line is the one read.
class Wordings {
 public:
  Wordings(std::initializer_list<const char*> patterns);

  const std::deque<LogPattern>& patterns() const { return patterns_; }

 private:
  std::deque<LogPattern> patterns_;  // a deque: LogPattern does not move
};

// The groups of the last successful Find: [0] is the whole match, [1]... the
// capturing groups. A group that took no part in the match is unmatched and
// empty. The views point into the searched line.
class LineMatch {
 public:
  struct Group {
    std::string_view text;
    bool matched = false;

    std::string str() const { return std::string(text); }
    bool operator==(std::string_view other) const { return text == other; }
  };
  using value_type = Group;

  const Group& operator[](size_t i) const { return groups_.at(i); }

 private:
  friend bool Find(std::string_view line, const LogPattern& pattern,
                   LineMatch& match);
  std::array<Group, LogPattern::kMaxGroups + 1> groups_{};
};

// Lines longer than this are searched in their last kMaxScannedLineBytes
// only: a tqdm bar redrawn with '\r' thousands of times shares one physical
// line with a log record, and the record comes last. Every real log line of
// the fixtures is far shorter, so they are searched whole; the bound keeps
// the work per line (and the span a match's groups are resolved over)
// bounded whatever a server writes.
inline constexpr size_t kMaxScannedLineBytes = 64 * 1024;

// Searches the line (its tail, see above) for the leftmost match of
// `pattern`; on success fills `match`.
bool Find(std::string_view line, const LogPattern& pattern, LineMatch& match);

// A captured number; thousands separators ("1,131,008") are ignored.
double Number(const LineMatch::value_type& group);
int64_t Integer(const LineMatch::value_type& group);

// A fact named once: its ServerFacts member and its key in `sources`.
template <typename T>
struct Fact {
  std::optional<T> ServerFacts::*field;
  const char* name;
};

namespace fact {
inline constexpr Fact<double> kModelMemoryGib{&ServerFacts::model_memory_gib,
                                              "model_memory_gib"};
inline constexpr Fact<double> kKvCacheGib{&ServerFacts::kv_cache_gib,
                                          "kv_cache_gib"};
inline constexpr Fact<double> kCudaGraphMemoryGib{
    &ServerFacts::cuda_graph_memory_gib, "cuda_graph_memory_gib"};
inline constexpr Fact<double> kCudaGraphCaptureS{
    &ServerFacts::cuda_graph_capture_s, "cuda_graph_capture_s"};
inline constexpr Fact<double> kGpuMemoryUtilization{
    &ServerFacts::gpu_memory_utilization, "gpu_memory_utilization"};
inline constexpr Fact<double> kMaxConcurrency{&ServerFacts::max_concurrency,
                                              "max_concurrency"};
inline constexpr Fact<int64_t> kKvCacheTokens{&ServerFacts::kv_cache_tokens,
                                              "kv_cache_tokens"};
inline constexpr Fact<int64_t> kMaxModelLen{&ServerFacts::max_model_len,
                                            "max_model_len"};
inline constexpr Fact<std::string> kCudagraphMode{&ServerFacts::cudagraph_mode,
                                                  "cudagraph_mode"};
}  // namespace fact

// Stores a fact and the line it came from.
template <typename T, typename V>
void Record(ServerFacts& facts, Fact<T> fact, V value, std::string_view line) {
  facts.*fact.field = static_cast<T>(value);
  facts.sources[fact.name] = std::string(line);
}

// One line of a start as a parser reads it: the patterns it matches and the
// facts it states, each recorded with the line as its source.
class LogLine {
 public:
  LogLine(std::string_view text, ServerFacts& facts)
      : text_(text), facts_(facts) {}

  std::string_view text() const { return text_; }

  // Whether the line matches `pattern`; the groups are then (*this)[i].
  bool Find(const LogPattern& pattern);
  // Whether the line matches one of `wordings`; the first that does is
  // taken.
  bool FindFirst(const Wordings& wordings);
  const LineMatch::Group& operator[](size_t i) const { return match_[i]; }

  template <typename T, typename V>
  void Record(Fact<T> fact, V value) {
    server_logs::Record(facts_, fact, value, text_);
  }

 private:
  std::string_view text_;
  ServerFacts& facts_;
  LineMatch match_;
};

// What every parser does: reads the lines of the last start of `log` (see
// LinesOfLastStart) in order with `read_line`, and returns the facts they
// recorded as `engine`'s (the engine is set even when no fact is found).
ServerFacts ReadLastStart(std::string_view log, Engine engine,
                          StartMarkers tiers,
                          const std::function<void(LogLine&)>& read_line);

constexpr double kMibPerGib = 1024.0;
constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;

}  // namespace servebench::server_logs

#endif  // SERVEBENCH_BENCH_SERVER_LOGS_LOG_SCAN_H_
