// Log and /metrics facts for a suite run.
#include "bench/facts/server_facts_collector.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "bench/facts/api_facts.h"
#include "bench/facts/logs/log_source.h"

namespace servebench {

namespace {

// A GET's body when the answer is 200, else "".
std::string BodyOf(HttpClient& client, const std::string& url) {
  auto response = client.Get(url, 10);
  if (!response.ok() || response->status != 200) return "";
  return std::move(response->body);
}

// The memory facts (and engine) the log did not give, from the API.
void AddApiFacts(HttpClient& client, const std::string& base_url,
                 const std::string& model, std::optional<ServerFacts>& facts) {
  ServerFacts found = facts.value_or(ServerFacts{});
  if (found.engine == Engine::kUnknown || !found.model_memory_gib) {
    const std::string models = BodyOf(client, base_url + "/v1/models");
    if (found.engine == Engine::kUnknown) {
      if (auto engine = EngineFromModels(models, model)) {
        found.engine = *engine;
        found.sources["engine"] = "/v1/models owned_by";
      }
    }
    if (!found.model_memory_gib) {
      if (auto gib = ModelMemoryFromModelsMeta(models, model)) {
        found.model_memory_gib = *gib;
        found.sources["model_memory_gib"] =
            "/v1/models meta.size (the weights' bytes)";
      }
    }
  }
  if (!found.kv_cache_tokens) {
    if (auto tokens = KvTokensFromServerInfo(
            BodyOf(client, base_url + "/get_server_info"))) {
      found.kv_cache_tokens = *tokens;
      found.sources["kv_cache_tokens"] =
          "/get_server_info max_total_num_tokens";
    } else if (auto blocks = KvTokensFromIterationStats(
                   BodyOf(client, base_url + "/metrics"))) {
      found.kv_cache_tokens = *blocks;
      found.sources["kv_cache_tokens"] =
          "/metrics kvCacheStats (maxNumBlocks x tokensPerBlock)";
    }
  }
  if (facts || found.engine != Engine::kUnknown || !found.sources.empty()) {
    facts = std::move(found);
  }
}

}  // namespace

Result<std::unique_ptr<ServerFactsCollector>> ServerFactsCollector::Start(
    const EnvLookup& getenv, const std::string& simulator_log,
    const std::string& base_url, const std::string& model,
    const ClientOptions& options, bool scrape_metrics, const Warn& warn) {
  std::unique_ptr<ServerFactsCollector> collector(new ServerFactsCollector());
  collector->warn_ = warn;

  LogSourceSettings source = LogSourceFromEnv(getenv);
  if (source.error) return Error{*source.error};
  for (const auto& w : source.warnings) warn(w);
  if (source.kind == LogSourceSettings::Kind::kNone && !simulator_log.empty()) {
    source.kind = LogSourceSettings::Kind::kFile;
    source.file = simulator_log;
  }
  auto log = ReadServerLog(source);
  if (!log.ok()) {
    if (source.kind == LogSourceSettings::Kind::kFile) return log;
    warn(log.error() + "; memory facts stay unknown for this run");
  } else if (*log) {
    for (const auto& w : (*log)->warnings) warn(w);
    collector->facts_ = ParseServerLog((*log)->text);
    collector->log_source_ = (*log)->source;
  }

  {
    HttpClient client(options);
    AddApiFacts(client, base_url, model, collector->facts_);
  }

  SB_ASSIGN_OR_RETURN(
      collector->gpu_,
      GpuSampler::Start(GpuSourceFromEnv(getenv), base_url, options, warn));
  if (collector->gpu_) {
    // A command's first readings take a moment: the suite records how many
    // GPUs there are before the first case.
    for (int i = 0; i < 100 && collector->gpu_->GpuCount() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  if (!scrape_metrics) return collector;
  MetricsSnapshot snapshot;
  std::optional<std::string> metrics_url;
  {
    HttpClient client(options);
    auto found = FindMetricsUrl(client, base_url, &snapshot);
    if (!found.ok()) {
      warn("cannot read " + base_url + "/metrics (" + found.error() +
           "); per-case KV cache, speculative-decoding and server clock "
           "figures stay unknown");
      return collector;
    }
    metrics_url = *found;
  }
  if (!metrics_url) return collector;  // the server has no Prometheus text
  collector->scraper_ = std::make_unique<MetricsScraper>(*metrics_url, options);
  if (!collector->facts_ || !collector->facts_->kv_cache_tokens) {
    if (auto tokens = KvCacheTokensFromCacheConfig(snapshot.text)) {
      if (!collector->facts_) collector->facts_ = ServerFacts{};
      collector->facts_->kv_cache_tokens = *tokens;
      collector->facts_->sources["kv_cache_tokens"] =
          "/metrics vllm:cache_config_info (num_gpu_blocks x block_size)";
    }
  }
  return collector;
}

Status ServerFactsCollector::CheckSettings(const EnvLookup& getenv) {
  const GpuSourceSettings gpu = GpuSourceFromEnv(getenv);
  if (gpu.error) return Error{*gpu.error};
  const LogSourceSettings source = LogSourceFromEnv(getenv);
  if (source.error) return Error{*source.error};
  if (source.kind != LogSourceSettings::Kind::kFile) return Ok{};
  std::error_code ec;
  if (std::filesystem::is_directory(source.file, ec)) {
    return Error{"cannot read BENCH_LOG_FILE=" + source.file +
                 ": it is a directory; point it at the server's log file"};
  }
  if (::access(source.file.c_str(), R_OK) != 0) {
    return Error{"cannot read BENCH_LOG_FILE=" + source.file + ": " +
                 std::strerror(errno) +
                 "; point it at the server's log file or unset it"};
  }
  return Ok{};
}

std::vector<std::pair<std::string, double>> CaseServerFigures::Named() const {
  std::vector<std::pair<std::string, double>> named;
  if (spec_acceptance_rate) {
    named.emplace_back("spec_acceptance_rate", *spec_acceptance_rate);
  }
  if (spec_mean_acceptance_length) {
    named.emplace_back("spec_mean_acceptance_length",
                       *spec_mean_acceptance_length);
  }
  if (kv_cache_usage_peak_pct) {
    named.emplace_back("kv_cache_usage_peak_pct", *kv_cache_usage_peak_pct);
  }
  if (gpu) {
    const auto add = [&](const char* name, const std::optional<double>& v) {
      if (v) named.emplace_back(name, *v);
    };
    add("gpu_power_w_avg", gpu->power_w_avg);
    add("gpu_power_w_max", gpu->power_w_max);
    add("gpu_energy_j", gpu->energy_j);
    add("gpu_memory_used_gib_max", gpu->memory_used_gib_max);
    if (gpu->energy_j) named.emplace_back("gpu_window_s", gpu->window_s);
  }
  return named;
}

std::map<Metric, double> ServerFactsCollector::Memory() const {
  std::map<Metric, double> memory;
  if (!facts_) return memory;
  if (facts_->model_memory_gib) {
    memory[Metric::kModelMemoryGib] = *facts_->model_memory_gib;
  }
  if (facts_->kv_cache_gib) memory[Metric::kKvCacheGib] = *facts_->kv_cache_gib;
  if (facts_->kv_cache_tokens) {
    memory[Metric::kKvCacheTokens] =
        static_cast<double>(*facts_->kv_cache_tokens);
  }
  return memory;
}

void ServerFactsCollector::BeginCase() {
  if (gpu_) {
    // A reading just before the window opens (see GpuSampler::Mark).
    gpu_->Mark();
    gpu_begin_ = Clock::now();
  }
  if (!scraper_) return;
  counters_before_ = SpecDecodeCounters{};
  latency_before_ = LatencyTotals{};
  if (auto snapshot = scraper_->Scrape(); snapshot.ok() && *snapshot) {
    counters_before_ = ReadSpecDecodeCounters((*snapshot)->text);
    latency_before_ = ReadLatencyTotals((*snapshot)->text);
  }
  // Four scrapes a second: a request's KV usage grows by at most a quarter
  // second of tokens between two of them. Each costs one selective scan, and
  // the watch ends after two scrapes on servers without the gauge.
  scraper_->StartPeakWatch(250);
}

CaseServerFigures ServerFactsCollector::EndCase(int requests) {
  CaseServerFigures figures;
  if (gpu_) {
    const Clock::time_point end = Clock::now();
    gpu_->Mark();
    figures.gpu = gpu_->Over(gpu_begin_, end);
    for (const std::string& w : gpu_->TakeWarnings()) warn_(w);
  }
  if (!scraper_) return figures;
  const PeakWatchResult peak = scraper_->StopPeakWatch();
  figures.kv_cache_usage_peak_pct = peak.peak_kv_cache_usage_pct;
  if (peak.failures > 0 && peak.scrapes == 0) {
    warn_("/metrics did not answer during the case: " + peak.last_error);
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (true) {
    auto snapshot = scraper_->Scrape();
    if (!snapshot.ok() || !*snapshot) break;
    const std::string& text = (*snapshot)->text;
    if (auto delta =
            SpecDecodeDelta(counters_before_, ReadSpecDecodeCounters(text))) {
      figures.spec_acceptance_rate = delta->acceptance_rate;
      figures.spec_mean_acceptance_length = delta->mean_acceptance_length;
    }
    figures.clock = ServerClockDelta(latency_before_, ReadLatencyTotals(text));
    // No histograms at all, or all requests seen: done. Otherwise the last
    // request's observations may still be on their way.
    if (!figures.clock || figures.clock->requests.value_or(0) >= requests ||
        std::chrono::steady_clock::now() > deadline) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return figures;
}

}  // namespace servebench

namespace servebench {

std::optional<GpuWindowFigures> ServerFactsCollector::GpuOver(
    Clock::time_point begin, Clock::time_point end) const {
  if (!gpu_) return std::nullopt;
  return gpu_->Over(begin, end);
}

}  // namespace servebench
