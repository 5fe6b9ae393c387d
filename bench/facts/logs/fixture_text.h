// Test helper: the checked-in server-log fixtures, minus their annotations.
//
// Fixture files mix real log lines with '#' annotation lines (where each
// excerpt came from). The annotations must not reach the parsers: one of
// them quotes a tqdm bar, which would otherwise count as a captured graph.
// vLLM's own "# GPU blocks: N" / "# cuda blocks: N" lines also start with
// '#', so those are kept.
#ifndef SERVEBENCH_BENCH_SERVER_LOGS_FIXTURE_TEXT_H_
#define SERVEBENCH_BENCH_SERVER_LOGS_FIXTURE_TEXT_H_

#include <string>
#include <string_view>

namespace servebench::server_logs {

// The log lines of testdata/<file>, annotations removed. Fails the current
// test (and returns "") when the file cannot be read.
std::string FixtureLog(std::string_view file);

// The log lines of one excerpt of testdata/<file>: those after the
// annotation that starts with "# <heading>" ("Source B", "sample
// (2026-08-15)") up to the next excerpt heading. Fails the current test
// when the heading is missing or the excerpt has no log line.
std::string FixtureExcerpt(std::string_view file, std::string_view heading);

}  // namespace servebench::server_logs

#endif  // SERVEBENCH_BENCH_SERVER_LOGS_FIXTURE_TEXT_H_
