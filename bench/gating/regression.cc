// Verdicts on a run's figures against a baseline, with 95% intervals.
#include "bench/gating/regression.h"

#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <string_view>

#include "bench/base/enum_names.h"

namespace servebench {
namespace {

// A figure as people read it: whole tokens; one decimal for values of 10 or
// more ("41.8 tok/s"), two below ("0.93 GiB") where one would hide the change.
std::string Figure(double value, const MetricInfo& info) {
  char buf[64];
  if (std::string_view(info.unit) == "tokens") {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, std::fabs(value) >= 10 ? "%.1f" : "%.2f",
                  value);
  }
  return buf;
}

std::string Percent(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%%", value);
  return buf;
}

// Is `value` on the acceptable side of the threshold (the threshold itself
// being the worst acceptable value)?
bool Acceptable(double value, double threshold, const MetricInfo& info) {
  return info.higher_is_better ? value >= threshold : value <= threshold;
}

double SampleStdDev(const std::vector<double>& samples) {
  double sum = 0;
  for (double s : samples) sum += s;
  const double mean = sum / samples.size();
  double squares = 0;
  for (double s : samples) squares += (s - mean) * (s - mean);
  return std::sqrt(squares / (samples.size() - 1));
}

MetricComparison CompareOne(Metric metric, const Measured& measured,
                            double baseline, const Tolerance& tolerance) {
  const MetricInfo& info = Info(metric);
  MetricComparison c;
  c.metric = metric;
  c.measured = measured.mean;
  c.baseline = baseline;
  c.tolerance = tolerance;
  c.threshold = tolerance.Threshold(baseline, info);
  // A zero baseline has no relative change; Explain says so instead.
  c.change_pct = baseline == 0
                     ? 0
                     : (measured.mean - baseline) / std::fabs(baseline) * 100;

  const size_t n = measured.samples.size();
  const double s = n >= 2 ? SampleStdDev(measured.samples) : 0;
  if (measured.interval &&
      measured.interval->first < measured.interval->second) {
    c.ci_low = measured.interval->first;
    c.ci_high = measured.interval->second;
  } else if (s > 0) {
    const double half =
        StudentT975(static_cast<int>(n) - 1) * s / std::sqrt(double(n));
    c.ci_low = measured.mean - half;
    c.ci_high = measured.mean + half;
  }
  if (c.ci_low && c.ci_high) {
    // The end of the interval nearest to failing, and the farthest.
    const double worst = info.higher_is_better ? *c.ci_low : *c.ci_high;
    const double best = info.higher_is_better ? *c.ci_high : *c.ci_low;
    if (Acceptable(worst, c.threshold, info)) {
      c.verdict = Verdict::kPass;
    } else if (!Acceptable(best, c.threshold, info)) {
      c.verdict = Verdict::kRegression;
    } else {
      c.verdict = Verdict::kUnclear;
    }
  } else {
    c.verdict = Acceptable(measured.mean, c.threshold, info)
                    ? Verdict::kPass
                    : Verdict::kRegression;
  }

  // Better than the baseline by more than the allowance: the mirror image of
  // the threshold on the good side.
  const double allowance = std::fabs(baseline - c.threshold);
  const bool beyond_good_side = info.higher_is_better
                                    ? measured.mean > baseline + allowance
                                    : measured.mean < baseline - allowance;
  if (c.verdict == Verdict::kPass && beyond_good_side) {
    c.verdict = Verdict::kImproved;
  }
  return c;
}

}  // namespace

constexpr EnumNames<Verdict, 5> kVerdictNames({{
    {Verdict::kPass, "pass"},
    {Verdict::kImproved, "improved"},
    {Verdict::kRegression, "regression"},
    {Verdict::kUnclear, "unclear"},
    {Verdict::kInconclusive, "inconclusive"},
}});

const char* VerdictName(Verdict verdict) {
  return kVerdictNames.Name(verdict).data();
}

std::string MetricComparison::Explain() const {
  const MetricInfo& info = Info(metric);
  std::string text = std::string(info.name) + " " + Figure(measured, info) +
                     " " + info.unit + " ";
  const std::string allowed = "allowed: " + tolerance.ToString(info);
  const char* direction = measured > baseline ? "above" : "below";
  if (measured == baseline) {
    text += "matches baseline " + Figure(baseline, info) + " (" + allowed + ")";
  } else if (baseline == 0) {
    text += "is " + Figure(std::fabs(measured - baseline), info) + " " +
            info.unit + " " + direction + " baseline " +
            Figure(baseline, info) +
            " (a zero baseline has no percentage change; " + allowed + ")";
  } else {
    text += "is " + Percent(std::fabs(change_pct)) + " " + direction +
            " baseline " + Figure(baseline, info) + " (" + allowed + ")";
  }
  if ((verdict == Verdict::kUnclear || verdict == Verdict::kInconclusive) &&
      ci_low && ci_high) {
    text += ", but its 95% interval " + Figure(*ci_low, info) + "\u2013" +
            Figure(*ci_high, info) + " " + info.unit +
            " straddles the threshold " + Figure(threshold, info);
  }
  if (verdict == Verdict::kImproved) {
    text += ", better than the tolerance: worth refreshing the baseline";
  }
  return text;
}

bool Comparison::HasVerdict(Verdict v) const {
  for (const auto& m : metrics) {
    if (m.verdict == v) return true;
  }
  return false;
}

Verdict Comparison::Overall() const {
  // Worst first; kImproved only when every metric improved.
  for (Verdict v : {Verdict::kRegression, Verdict::kInconclusive,
                    Verdict::kUnclear, Verdict::kPass}) {
    if (HasVerdict(v)) return v;
  }
  return metrics.empty() ? Verdict::kPass : Verdict::kImproved;
}

Comparison Compare(const std::map<Metric, Measured>& measured,
                   const std::map<Metric, double>& baseline_figures,
                   const std::map<Metric, Tolerance>& tolerances) {
  Comparison comparison;
  for (const auto& [metric, run] : measured) {
    const auto baseline = baseline_figures.find(metric);
    const auto tolerance = tolerances.find(metric);
    if (baseline == baseline_figures.end() || tolerance == tolerances.end()) {
      continue;  // not gated
    }
    comparison.metrics.push_back(
        CompareOne(metric, run, baseline->second, tolerance->second));
  }
  return comparison;
}

void MarkUnclearInconclusive(Comparison& comparison) {
  for (auto& m : comparison.metrics) {
    if (m.verdict == Verdict::kUnclear) m.verdict = Verdict::kInconclusive;
  }
}

double StudentT975(int degrees) {
  // t(0.975, df) for df 1..30, then anchors at 40, 60, 120 and infinity
  // between which t is close to linear in 1/df.
  static constexpr double kTable[] = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
      2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
      2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
      2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  struct Anchor {
    double df;
    double t;
  };
  static constexpr Anchor kAnchors[] = {
      {30, 2.0423}, {40, 2.0211}, {60, 2.0003}, {120, 1.9799}};
  constexpr double kNormal = 1.95996;
  if (degrees < 1) return std::numeric_limits<double>::infinity();
  if (degrees <= 30) return kTable[degrees - 1];
  const double inverse = 1.0 / degrees;
  for (size_t i = 1; i < std::size(kAnchors); ++i) {
    const Anchor& lo = kAnchors[i - 1];
    const Anchor& hi = kAnchors[i];
    if (degrees <= hi.df) {
      const double f = (1 / lo.df - inverse) / (1 / lo.df - 1 / hi.df);
      return lo.t + f * (hi.t - lo.t);
    }
  }
  const Anchor& last = kAnchors[std::size(kAnchors) - 1];
  return kNormal + (last.t - kNormal) * (inverse * last.df);
}

}  // namespace servebench
