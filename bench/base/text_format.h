// Numbers and times as text, written one way everywhere: figures in JUnit
// properties, tables, progress lines and messages.
#ifndef SERVEBENCH_BENCH_BASE_TEXT_FORMAT_H_
#define SERVEBENCH_BENCH_BASE_TEXT_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

namespace servebench {

// `value` with exactly `decimals` decimals ("%.*f"): 12.3 -> "12.300" for 3.
// RecordProperty(double) would print 17 significant digits instead.
std::string Fixed(double value, int decimals);

// Fixed, or `absent` ("n/a") for an unknown value: never 0 for unknown.
std::string FixedOr(std::optional<double> value, int decimals,
                    std::string_view absent = "n/a");

// The shortest natural form ("%g"): 600 -> "600", 0.25 -> "0.25". For
// settings echoed back to the user, such as a timeout in seconds.
std::string Compact(double value);

// `text` safe inside a markdown table cell: a pipe would end the cell and a
// line break the row, so pipes are escaped (\|) and line breaks become
// spaces.
std::string MarkdownCell(std::string_view text);

// Local time now as "2026-02-22T10:32:42" (the seed's timestamp format).
std::string LocalTimestamp();

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_TEXT_FORMAT_H_
