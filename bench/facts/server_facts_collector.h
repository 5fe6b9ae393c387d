// What a suite run learns about the server besides its figures: memory and
// KV-cache facts from its log, and from /metrics the KV cache size (when the
// log has none), per-case speculative-decoding acceptance and the peak KV
// cache usage during each case.
#ifndef SERVEBENCH_BENCH_FACTS_SERVER_FACTS_COLLECTOR_H_
#define SERVEBENCH_BENCH_FACTS_SERVER_FACTS_COLLECTOR_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/env.h"
#include "bench/transport/http_client.h"
#include "bench/gating/metric.h"
#include "bench/base/result.h"
#include "bench/facts/logs/server_facts.h"
#include "bench/facts/metrics/metrics_facts.h"
#include "bench/facts/metrics/metrics_scraper.h"

namespace servebench {

// Server-side figures of one case, each absent when unknown.
struct CaseServerFigures {
  std::optional<double> spec_acceptance_rate;
  std::optional<double> spec_mean_acceptance_length;
  std::optional<double> kv_cache_usage_peak_pct;

  // The known ones by their recorded names, e.g. {"spec_acceptance_rate",
  // 0.7}.
  std::vector<std::pair<std::string, double>> Named() const;
};

class ServerFactsCollector {
 public:
  using Warn = std::function<void(const std::string&)>;

  // Reads the log named by BENCH_CONTAINER, BENCH_LOG_CMD or BENCH_LOG_FILE
  // (through `getenv`), else `simulator_log` when not empty. An unreadable
  // BENCH_LOG_FILE or a bad variable is an error (bad configuration); a
  // failing docker or log command is a warning, and the facts stay unknown.
  // Then scrapes base_url/metrics once, unless `scrape_metrics` is false.
  static Result<std::unique_ptr<ServerFactsCollector>> Start(
      const EnvLookup& getenv,
      const std::string& simulator_log, const std::string& base_url,
      const ClientOptions& options, bool scrape_metrics, const Warn& warn);

  // What can be checked before the server answers: the log variables
  // (BENCH_LOG_CMD's quoting, timeouts, ...) and that a BENCH_LOG_FILE can
  // be read. A mistake here is a configuration error the user should hear
  // about at once, not after the readiness wait.
  static Status CheckSettings(const EnvLookup& getenv);

  // Facts from the log (and /metrics), with `sources` naming where each came
  // from; absent when there was neither.
  const std::optional<ServerFacts>& facts() const { return facts_; }
  const std::string& log_source() const { return log_source_; }
  bool has_metrics() const { return scraper_ != nullptr; }

  // The gated memory metrics that are known.
  std::map<Metric, double> Memory() const;

  // Around one case: counters before, the peak watch during, counters after.
  void BeginCase();
  CaseServerFigures EndCase();

 private:
  ServerFactsCollector() = default;

  std::optional<ServerFacts> facts_;
  std::string log_source_;
  std::unique_ptr<MetricsScraper> scraper_;
  SpecDecodeCounters counters_before_;
  Warn warn_;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_SERVER_FACTS_COLLECTOR_H_
