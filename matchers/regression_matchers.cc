// NoRegressionFrom: every gated metric of a case against its baseline.
#include "matchers/regression_matchers.h"

#include <cstdio>

#include "bench/base/text_format.h"

namespace servebench {
namespace {

std::string Figure(double value, const MetricInfo& info) {
  return Fixed(value, info.metric == Metric::kKvCacheTokens ? 0 : 2);
}

bool IsMiss(Verdict verdict, bool inconclusive_fails) {
  if (verdict == Verdict::kRegression) return true;
  const bool unsettled =
      verdict == Verdict::kInconclusive || verdict == Verdict::kUnclear;
  return unsettled && inconclusive_fails;
}

}  // namespace

bool NoRegressionMatcher::MatchAndExplain(
    const CaseMeasurement& measured,
    testing::MatchResultListener* listener) const {
  Comparison comparison =
      Compare(measured, expectation_.figures, expectation_.tolerances);
  MarkUnclearInconclusive(comparison);
  return MatchAndExplain(comparison, listener);
}

bool NoRegressionMatcher::MatchAndExplain(
    const Comparison& comparison,
    testing::MatchResultListener* listener) const {
  std::string misses;
  for (const auto& m : comparison.metrics) {
    if (!IsMiss(m.verdict, expectation_.inconclusive_fails)) continue;
    misses += (misses.empty() ? "" : "; ") + m.Explain() +
              (m.verdict == Verdict::kRegression ? "" : " (inconclusive)");
  }
  if (!misses.empty()) {
    *listener << misses;
    return false;
  }
  *listener << "all " << comparison.metrics.size()
            << " gated metrics within tolerance of " << expectation_.source;
  return true;
}

void NoRegressionMatcher::DescribeTo(std::ostream* os) const {
  *os << "has no regression beyond tolerance from " << expectation_.source
      << " (";
  bool first = true;
  for (const auto& [metric, baseline] : expectation_.figures) {
    auto tolerance = expectation_.tolerances.find(metric);
    if (tolerance == expectation_.tolerances.end()) continue;
    const MetricInfo& info = Info(metric);
    *os << (first ? "" : ", ") << info.name
        << (info.higher_is_better ? " >= " : " <= ")
        << Figure(tolerance->second.Threshold(baseline, info), info) << " "
        << info.unit;
    first = false;
  }
  *os << ")";
}

void PrintTo(const Comparison& comparison, std::ostream* os) {
  *os << "comparison of " << comparison.metrics.size() << " metrics, overall "
      << VerdictName(comparison.Overall());
}

void NoRegressionMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "regressed beyond tolerance from " << expectation_.source;
}

}  // namespace servebench
