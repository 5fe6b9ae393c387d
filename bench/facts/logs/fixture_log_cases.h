// Test data for fixture_facts_test: each checked-in log fixture (or excerpt
// of one) with the facts worked out by hand, one table per engine
// (fixture_log_cases.cc).
#ifndef SERVEBENCH_BENCH_FACTS_LOGS_FIXTURE_LOG_CASES_H_
#define SERVEBENCH_BENCH_FACTS_LOGS_FIXTURE_LOG_CASES_H_

#include <span>
#include <vector>

#include "bench/facts/logs/server_facts.h"

namespace servebench::server_logs {

// A piece of a case's log: a fixture file, one excerpt of it, or text.
struct LogPiece {
  const char* file = nullptr;  // testdata/<file>
  // The excerpt's heading ("Source B"), or nullptr for the whole file.
  const char* excerpt = nullptr;
  const char* text = nullptr;  // instead of a file: these lines
};

struct LogCase {
  const char* name;           // the test's name: ASCII letters and digits only
  std::vector<LogPiece> log;  // joined in order
  ServerFacts facts;          // every fact, the absent ones included
  // Optionally, one fact whose source line is checked word for word.
  const char* fact_with_source = nullptr;
  const char* source_line = nullptr;
};

// The tables, built on first use (so no other file's static initialisation
// depends on their order).
std::span<const LogCase> VllmFixtureCases();
std::span<const LogCase> SglangFixtureCases();
std::span<const LogCase> TrtllmFixtureCases();
std::span<const LogCase> LlamaCppFixtureCases();

}  // namespace servebench::server_logs

#endif  // SERVEBENCH_BENCH_FACTS_LOGS_FIXTURE_LOG_CASES_H_
