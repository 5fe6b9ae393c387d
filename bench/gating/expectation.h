// What a case is held to and what it measured, in the terms of the
// comparison (regression.h). Plain structs: matchers/ adapts them to
// GoogleMock, bench/ never sees GoogleTest.
#ifndef SERVEBENCH_BENCH_GATING_EXPECTATION_H_
#define SERVEBENCH_BENCH_GATING_EXPECTATION_H_

#include <map>
#include <string>

#include "bench/gating/baseline.h"
#include "bench/gating/metric.h"
#include "bench/gating/regression.h"

namespace servebench {

// What a case is held to: the baseline's figures and the tolerance per metric.
struct BaselineExpectation {
  std::string source;  // e.g. "baselines/sim.toml [Isl1024Osl1024]"
  std::map<Metric, double> figures;
  std::map<Metric, Tolerance> tolerances;
  // Whether a verdict that stays unclear after the last allowed run fails.
  bool inconclusive_fails = true;
};

// The run side: per metric, the mean and (where measured per run) samples.
using CaseMeasurement = std::map<Metric, Measured>;

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_EXPECTATION_H_
