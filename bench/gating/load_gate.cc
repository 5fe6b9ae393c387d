// Load levels' measurements, percentile intervals and the repeat loop.
#include "bench/gating/load_gate.h"

#include <algorithm>
#include <cmath>

#include "bench/base/summary_stats.h"

namespace servebench {
namespace {

Measured MeanOf(std::vector<double> samples) {
  Measured m;
  double sum = 0;
  for (double v : samples) sum += v;
  m.mean = sum / samples.size();
  if (samples.size() >= 2) m.samples = std::move(samples);
  return m;
}

Measured PercentileOf(const std::vector<double>& samples, double q) {
  Measured m;
  m.mean = *Percentile(samples, q * 100);
  m.interval = QuantileInterval(samples, q);
  return m;
}

}  // namespace

std::optional<std::pair<double, double>> QuantileInterval(
    std::vector<double> samples, double q) {
  const int n = static_cast<int>(samples.size());
  if (n < 2 || !(q > 0 && q < 1)) return std::nullopt;
  // cdf[k] = P(X <= k) for X ~ binomial(n, q), in log space to survive
  // large n.
  const double log_q = std::log(q), log_p = std::log1p(-q);
  const double log_n = std::lgamma(n + 1.0);
  std::vector<double> cdf(n + 1);
  double sum = 0;
  for (int k = 0; k <= n; ++k) {
    sum += std::exp(log_n - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                    k * log_q + (n - k) * log_p);
    cdf[k] = sum;
  }
  // Ranks l < u (1-based) with P(X < l) <= 2.5% and P(X >= u) <= 2.5%:
  // then P(x(l) <= quantile <= x(u)) >= 95%.
  int l = 0;
  while (l + 1 <= n && cdf[l] <= 0.025) ++l;  // P(X <= l - 1 + 1)
  int u = n + 1;
  while (u - 1 >= 1 && 1 - cdf[u - 2] <= 0.025) --u;
  if (l < 1 || u > n || l >= u) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  return std::make_pair(samples[l - 1], samples[u - 1]);
}

CaseMeasurement LoadMeasurementOf(const std::vector<LoadLevelRun>& runs) {
  CaseMeasurement measured;
  std::map<Metric, std::vector<double>> per_run;
  std::vector<double> ttft, tpot, decode;
  for (const LoadLevelRun& run : runs) {
    for (const auto& [metric, value] : run.values) {
      per_run[metric].push_back(value);
    }
    ttft.insert(ttft.end(), run.ttft_ms.begin(), run.ttft_ms.end());
    tpot.insert(tpot.end(), run.tpot_ms.begin(), run.tpot_ms.end());
    decode.insert(decode.end(), run.decode_tps.begin(), run.decode_tps.end());
  }
  for (auto& [metric, values] : per_run) {
    measured[metric] = MeanOf(std::move(values));
  }
  if (!decode.empty()) measured[Metric::kPerUserTps] = MeanOf(decode);
  if (!ttft.empty()) {
    measured[Metric::kTtftP50Ms] = PercentileOf(ttft, 0.50);
    measured[Metric::kTtftP99Ms] = PercentileOf(ttft, 0.99);
  }
  if (!tpot.empty()) {
    measured[Metric::kTpotP50Ms] = PercentileOf(tpot, 0.50);
    measured[Metric::kTpotP99Ms] = PercentileOf(tpot, 0.99);
  }
  return measured;
}

BaselineExpectation ExpectationForLoad(const Baseline& baseline,
                                       const BaselineLoad& load,
                                       bool inconclusive_fails) {
  return ExpectationNamed(baseline, load.Name(), load.figures,
                          baseline.TolerancesFor(load), inconclusive_fails);
}

GateReport GateLoadLevel(BaselineExpectation expectation,
                         const std::vector<LoadLevelRun>& runs, int max_runs,
                         const MeasureOneMore& measure_more) {
  return GateWithRepeats(
      std::move(expectation), [&] { return LoadMeasurementOf(runs); },
      [&] { return runs.size(); }, max_runs, measure_more);
}

}  // namespace servebench
