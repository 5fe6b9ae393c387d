// Test helper: FactsAre(expected) compares every fact of a ServerFacts, so
// a test states the absent facts too (an absent fact must stay nullopt,
// never 0), and checks that each present fact names its source line.
#ifndef SERVEBENCH_BENCH_SERVER_LOGS_FACTS_MATCHERS_H_
#define SERVEBENCH_BENCH_SERVER_LOGS_FACTS_MATCHERS_H_

#include <cmath>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>

#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"

namespace servebench {

// Lets gmock print the facts found, not the object's bytes, on a mismatch.
inline void PrintTo(const ServerFacts& facts, std::ostream* os) {
  *os << "{engine=" << EngineName(facts.engine) << ", facts from:";
  for (const auto& [name, line] : facts.sources) *os << " " << name;
  *os << "}";
}

namespace server_logs {

template <typename T>
std::string FactText(const std::optional<T>& fact) {
  if (!fact) return "absent";
  std::ostringstream text;
  text.precision(12);
  text << *fact;
  return text.str();
}

// Figures converted from MiB or bytes are compared with a tolerance far
// below the printed precision; everything else must match exactly.
template <typename T>
bool SameFact(const std::optional<T>& actual, const std::optional<T>& want) {
  if (actual.has_value() != want.has_value()) return false;
  if (!actual) return true;
  if constexpr (std::is_floating_point_v<T>) {
    return std::fabs(*actual - *want) <= 1e-9 * std::fabs(*want);
  } else {
    return *actual == *want;
  }
}

MATCHER_P(FactsAre, expected, "has the expected server facts") {
  bool ok = true;
  auto check = [&](const char* name, const auto& got, const auto& want) {
    if (!SameFact(got, want)) {
      *result_listener << "\n  " << name << " is " << FactText(got)
                       << ", expected " << FactText(want);
      ok = false;
    }
    if (got.has_value() != (arg.sources.count(name) == 1)) {
      *result_listener << "\n  " << name << " is " << FactText(got)
                       << " but its source line is "
                       << (got.has_value() ? "missing" : "present");
      ok = false;
    }
  };
  if (arg.engine != expected.engine) {
    *result_listener << "\n  engine is " << EngineName(arg.engine)
                     << ", expected " << EngineName(expected.engine);
    ok = false;
  }
  check("model_memory_gib", arg.model_memory_gib, expected.model_memory_gib);
  check("kv_cache_gib", arg.kv_cache_gib, expected.kv_cache_gib);
  check("cuda_graph_memory_gib", arg.cuda_graph_memory_gib,
        expected.cuda_graph_memory_gib);
  check("cuda_graph_capture_s", arg.cuda_graph_capture_s,
        expected.cuda_graph_capture_s);
  check("gpu_memory_utilization", arg.gpu_memory_utilization,
        expected.gpu_memory_utilization);
  check("max_concurrency", arg.max_concurrency, expected.max_concurrency);
  check("kv_cache_tokens", arg.kv_cache_tokens, expected.kv_cache_tokens);
  check("max_model_len", arg.max_model_len, expected.max_model_len);
  check("cudagraph_mode", arg.cudagraph_mode, expected.cudagraph_mode);
  if (arg.sources.size() > 9) {
    *result_listener << "\n  sources has unknown keys";
    ok = false;
  }
  return ok;
}

}  // namespace server_logs
}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_LOGS_FACTS_MATCHERS_H_
