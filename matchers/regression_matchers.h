// GoogleMock matchers for regression gating against a baseline.
//
//   EXPECT_THAT(measured, NoRegressionFrom(expectation));
//   EXPECT_THAT(run_decode_tps, WithinToleranceOf(Metric::kDecodeTps, 41.8,
//                                                 Tolerance{...}));
//
// They return a verdict and explain it; they never call EXPECT_* themselves.
// NoRegressionFrom checks every gated metric of a case and lists every miss,
// e.g. "decode_tps 38.1 tok/s is 8.9% below baseline 41.8 (allowed: 5%)".
#ifndef SERVEBENCH_MATCHERS_REGRESSION_MATCHERS_H_
#define SERVEBENCH_MATCHERS_REGRESSION_MATCHERS_H_

#include <gmock/gmock.h>

#include <map>
#include <ostream>
#include <string>

#include "bench/gating/expectation.h"
#include "bench/gating/metric.h"
#include "bench/gating/regression.h"

namespace servebench {

// How GoogleTest prints a Comparison in a failure ("comparison of 7
// metrics, overall regression"); the matcher's explanation gives the details.
void PrintTo(const Comparison& comparison, std::ostream* os);

class NoRegressionMatcher {
 public:
  using is_gtest_matcher = void;

  explicit NoRegressionMatcher(BaselineExpectation expectation)
      : expectation_(std::move(expectation)) {}

  bool MatchAndExplain(const CaseMeasurement& measured,
                       testing::MatchResultListener* listener) const;
  bool MatchAndExplain(const Comparison& comparison,
                       testing::MatchResultListener* listener) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  BaselineExpectation expectation_;
};

// Matches a CaseMeasurement (compared here, unclear treated as final) or a
// Comparison already made (e.g. after repeated runs).
inline testing::PolymorphicMatcher<NoRegressionMatcher> NoRegressionFrom(
    BaselineExpectation expectation) {
  return testing::MakePolymorphicMatcher(
      NoRegressionMatcher(std::move(expectation)));
}

// One figure against one baseline value.
MATCHER_P3(WithinToleranceOf, metric, baseline, tolerance,
           std::string(negation ? "is worse than " : "is no worse than ") +
               Info(metric).name + " baseline " + std::to_string(baseline) +
               " allows (" + tolerance.ToString(Info(metric)) + ")") {
  Comparison comparison = Compare({{metric, Measured{arg, {}}}},
                                  {{metric, baseline}}, {{metric, tolerance}});
  if (comparison.metrics.empty()) return false;
  *result_listener << comparison.metrics.front().Explain();
  return comparison.metrics.front().verdict != Verdict::kRegression;
}

}  // namespace servebench

#endif  // SERVEBENCH_MATCHERS_REGRESSION_MATCHERS_H_
