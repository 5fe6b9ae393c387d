// Text for figures in reports: fixed decimals, "n/a" for unknown values (never
// 0), signed percentages (markdown-safe cells: MarkdownCell in
// bench/base/text_format.h).
#ifndef SERVEBENCH_TOOLS_REPORT_FORMAT_H_
#define SERVEBENCH_TOOLS_REPORT_FORMAT_H_

#include <map>
#include <optional>
#include <string>

#include "bench/base/text_format.h"
#include "bench/gating/metric.h"

namespace servebench::report {

// The value with the decimals the reports use for `metric` (TPOT, server
// TPOT and the TPOT difference 2, energy per token 4, token counts 0,
// everything else 1).
std::string FormatMetric(Metric metric, std::optional<double> value);
// "+2.1%", "−8.9%" (U+2212 minus), "0.0%" when it rounds to zero.
std::string SignedPercent(double change_pct);
// The value of `metric` in `figures`, if present.
std::optional<double> Find(const std::map<Metric, double>& figures,
                           Metric metric);
// "Model memory (GiB)", "Available KV cache (GiB)", "KV cache tokens".
std::string MemoryTitle(Metric metric);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_FORMAT_H_
