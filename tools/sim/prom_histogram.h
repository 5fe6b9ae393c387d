// A Prometheus histogram with fixed bucket bounds, as prometheus_client
// exposes one: cumulative _bucket series, then _count and _sum. The sum is
// kept in integer nanoseconds, so sums and counts are exact and a client's
// delta of _sum over delta of _count is the true mean of what was observed
// between two scrapes.
//
// Not thread-safe: the server keeps its histograms behind its metrics mutex.
#ifndef SERVEBENCH_TOOLS_SIM_PROM_HISTOGRAM_H_
#define SERVEBENCH_TOOLS_SIM_PROM_HISTOGRAM_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace servebench::sim {

class PromHistogram {
 public:
  // `bounds_s`: upper bounds in seconds, increasing; +Inf is implicit.
  explicit PromHistogram(std::span<const double> bounds_s);

  // One observation of `ns` nanoseconds (negative counts as 0).
  void Observe(int64_t ns);

  // SGLang's multi-token observation (its TokenizerMetricsCollector's
  // observe_inter_token_latency): `count` observations of interval/count
  // each, the sum growing by the whole interval. count < 1 is ignored.
  void ObserveSpread(int64_t interval_ns, int64_t count);

  int64_t count() const { return count_; }
  int64_t sum_ns() const { return sum_ns_; }
  // Cumulative count of observations <= bounds_s[i].
  int64_t cumulative(size_t i) const;

  // HELP, TYPE and the samples. `labels` ("a=\"x\",b=\"y\"", may be empty)
  // go before le in every sample.
  void Render(std::string& out, std::string_view name, std::string_view help,
              std::string_view labels) const;

 private:
  std::vector<double> bounds_s_;
  std::vector<int64_t> counts_;  // per bucket, +Inf last; not cumulative
  int64_t count_ = 0;
  int64_t sum_ns_ = 0;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_PROM_HISTOGRAM_H_
