// The bounds of what the history stores, checked before every write: runs
// and cases come from suites, files and servers, all of which may send
// anything. Free text is made safe (valid UTF-8, no control characters but
// tab and newline, cut to its bound); names and numbers that would corrupt
// the history's meaning are refused with a sentence saying which and why.
#ifndef SERVEBENCH_BENCH_HISTORY_VALIDATE_H_
#define SERVEBENCH_BENCH_HISTORY_VALIDATE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "bench/history/history_types.h"
#include "bench/base/result.h"

namespace servebench::history {

constexpr size_t kMaxShortText = 256;  // identity fields, names, labels
constexpr size_t kMaxLongText = 4096;  // messages, context values, source
constexpr size_t kMaxKey = 64;         // label, context and metric names
constexpr size_t kMaxLabels = 32;
constexpr size_t kMaxContextEntries = 256;
constexpr size_t kMaxServerFigures = 64;
constexpr size_t kMaxMetricsPerCase = 64;
constexpr size_t kMaxSamplesPerMetric = 10000;
constexpr size_t kMaxCasesPerRun = 10000;

// Valid UTF-8 (invalid bytes become U+FFFD), control characters other than
// tab and newline become spaces, and at most `max_bytes` bytes (cut on a
// character boundary, ending in "…" when cut).
std::string SafeText(std::string_view text, size_t max_bytes);

// A key is 1 to kMaxKey characters from [A-Za-z0-9_.-]. `what` names it in
// the error: "label key", "metric name", ...
Status CheckKey(const std::string& key, const std::string& what);

// "2026-02-22", "2026-02-22T10:32:42", with optional fraction and zone; the
// order of runs depends on it.
bool IsTimestamp(const std::string& text);

// The run with its free text made safe, or the first problem found.
Result<HistoryRun> ValidatedRun(const HistoryRun& run);
// Likewise for a case: status one of passed/failed/skipped, finite figures,
// ISL/OSL and level not negative.
Result<HistoryCase> ValidatedCase(const HistoryCase& c);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_VALIDATE_H_
