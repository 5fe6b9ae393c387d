// A suite run's load cases: a closed-loop or rate level, or a sweep,
// measured (bench/load), gated against the baseline's [[load]] entry
// (bench/gating/load_gate.h) and turned into a CaseReport. SuiteRun hands
// over what it set up; this file owns what is particular to load.
#ifndef SERVEBENCH_SUITES_LOAD_RUN_H_
#define SERVEBENCH_SUITES_LOAD_RUN_H_

#include <string>

#include "bench/config/settings.h"
#include "bench/config/suite_spec.h"
#include "bench/facts/server_facts_collector.h"
#include "bench/gating/baseline.h"
#include "bench/prompts/prompt_calibrator.h"
#include "bench/prompts/prompt_synthesizer.h"
#include "bench/protocol/request_body.h"
#include "bench/runner/server_discovery.h"
#include "bench/transport/http_client.h"
#include "suites/suite_run.h"

namespace servebench {

// What a load case needs of the suite run; every pointer outlives it, and
// `facts`, `calibrator` and `baseline` may be null.
struct LoadRunContext {
  const Settings* settings = nullptr;
  const ServerInfo* server = nullptr;
  PromptSynthesizer* prompts = nullptr;
  PromptCalibrator* calibrator = nullptr;
  TokenCounter counter;
  RequestOptions request_options;
  int warmup_runs = 2;
  int runs = 3;
  double isl_tolerance = 0;
  bool allow_short_outputs = false;
  ServerFactsCollector* facts = nullptr;
  HttpClient* client = nullptr;  // for the prefix-cache counters
  const Baseline* baseline = nullptr;
  std::string mismatch;  // why the baseline is not comparable, if not
  bool inconclusive_fails = true;
  ProgressSink progress;
};

// Measures, gates and describes `spec` (a load case) into `report`.
void MeasureLoadCase(const CaseSpec& spec, const LoadRunContext& context,
                     CaseReport& report);

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_LOAD_RUN_H_
