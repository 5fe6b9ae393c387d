// What a suite run records as JUnit properties, named in one place: each
// figure and fact gets its property name and its formatting here, and the
// GoogleTest adapter (serving_suite.cc) only hands them to RecordProperty.
// Pure functions, no GoogleTest: unit-tested on their own.
#ifndef SERVEBENCH_SUITES_JUNIT_PROPERTIES_H_
#define SERVEBENCH_SUITES_JUNIT_PROPERTIES_H_

#include <optional>
#include <string>
#include <vector>

#include "bench/config/suite_spec.h"
#include "bench/facts/logs/server_facts.h"
#include "bench/gating/regression.h"
#include "bench/results/results_file.h"
#include "bench/runner/case_runner.h"

namespace servebench {

struct Property {
  std::string name;
  std::string value;

  bool operator==(const Property& other) const {
    return name == other.name && value == other.value;
  }
};
using Properties = std::vector<Property>;

// What the suite-level properties say about the run (recorded in
// SetUpTestSuite, they attach to the <testsuite> element).
struct SuiteDescription {
  std::string suite;
  std::string model;
  int64_t max_model_len = 0;
  std::string max_model_len_source;
  std::string server;  // redacted URL
  std::string endpoint;
  std::string baseline;  // empty: no baseline
  std::string isl_calibration;
  bool exact_output_length = true;
  // From the log and /metrics; sources already fit to record.
  std::optional<ServerFacts> facts;
  std::string server_log;  // empty when the facts came from /metrics only
  // The GPUs, when a GPU source reported: gpu_count, gpu_names (joined with
  // "; "), gpu_source.
  int gpu_count = 0;
  std::vector<std::string> gpu_names;
  std::string gpu_source;
};

Properties SuiteProperties(const SuiteDescription& run);

// isl, osl, label, category: recorded first, whatever happens to the case.
Properties CaseIdentityProperties(const CaseSpec& spec);

// The figures of a sequential case: run counts, actual lengths, each
// figure's mean/min/max/median/stddev, percentiles, and what the server said
// during the case (record.server_figures, then record.server_notes).
Properties SequentialCaseProperties(const CaseRecord& record);

// The comparison with the baseline: <metric>_baseline, _change_pct,
// _verdict per gated metric and the case's overall "verdict".
Properties ComparisonProperties(const Comparison& comparison);

// Decimals a per-case server figure is recorded with (e.g. 4 for
// spec_acceptance_rate, 0 for kv_cache_tokens).
int ServerFigureDecimals(const std::string& name);

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_JUNIT_PROPERTIES_H_
