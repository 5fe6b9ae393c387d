// The per-regime markdown tables with every column the methodology requires.
#ifndef SERVEBENCH_TOOLS_REPORT_MARKDOWN_TABLE_H_
#define SERVEBENCH_TOOLS_REPORT_MARKDOWN_TABLE_H_

#include <string>

#include "bench/results/run_record.h"
#include "tools/report/reference.h"

namespace servebench::report {

// One "### <Regime>" section per non-empty regime. Columns: ISL, OSL, Label,
// Decode (tok/s), TPOT (ms), Model memory (GiB), Available KV cache (GiB),
// KV cache tokens, TTFT (ms), E2E (tok/s), ISL actual, OSL actual, Status;
// with a reference, a Δ% column after decode, TPOT, TTFT and E2E. When any
// case measured energy per output token (a GPU source was set), an
// "Energy (J/token)" column follows E2E (with its Δ%). Memory facts are
// server-wide and repeat on every row. `reference` may be null.
std::string RegimeTables(const RunRecord& run, const Reference* reference);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_MARKDOWN_TABLE_H_
