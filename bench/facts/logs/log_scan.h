// Internal: line splitting, last-start selection and fact recording shared
// by the per-engine log parsers.
#ifndef SERVEBENCH_BENCH_SERVER_LOGS_LOG_SCAN_H_
#define SERVEBENCH_BENCH_SERVER_LOGS_LOG_SCAN_H_

#include <initializer_list>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "bench/facts/logs/server_facts.h"

namespace servebench::server_logs {

using LineMatch = std::match_results<std::string_view::const_iterator>;

// Splits on '\n', dropping a trailing '\r' (logs copied from Windows hosts).
std::vector<std::string_view> SplitLines(std::string_view text);

// The lines from the last start of a server onward. `tiers` lists start
// markers (substrings) by preference: the first tier with any match decides,
// so a process's very first line (e.g. vLLM's version line) can be preferred
// over later lines of the same start that also only appear once per start.
// With no marker at all the whole log is one start.
std::vector<std::string_view> LinesOfLastStart(
    const std::vector<std::string_view>& lines,
    std::initializer_list<std::initializer_list<std::string_view>> tiers);

// Searches anywhere in the line's last 4 KiB: a tqdm bar and a log record
// can share one physical line, and the record comes last.
bool Find(std::string_view line, const std::regex& pattern, LineMatch& match);

// A captured number; thousands separators ("1,131,008") are ignored.
double Number(const LineMatch::value_type& group);
int64_t Integer(const LineMatch::value_type& group);

// Stores a fact and the line it came from.
template <typename T, typename V>
void Record(ServerFacts& facts, std::optional<T> ServerFacts::*field,
            const char* name, V value, std::string_view line) {
  facts.*field = static_cast<T>(value);
  facts.sources[name] = std::string(line);
}

constexpr double kMibPerGib = 1024.0;
constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;

}  // namespace servebench::server_logs

#endif  // SERVEBENCH_BENCH_SERVER_LOGS_LOG_SCAN_H_
