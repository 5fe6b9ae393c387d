// vLLM, SGLang and TensorRT-LLM metric names, and how the series of several
// engines combine.
#include "bench/facts/metrics/metrics_facts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "bench/facts/metrics/metric_scan.h"

namespace servebench {
namespace {

// A label holding a positive whole number, e.g. num_gpu_blocks="573".
std::optional<int64_t> LabelInt(std::string_view labels,
                                std::string_view label) {
  const std::optional<std::string_view> text = FindLabel(labels, label);
  if (!text) return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] =
      std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

// after - before, or nullopt if either is missing or the counter reset.
std::optional<double> Delta(std::optional<double> before,
                            std::optional<double> after) {
  if (!before || !after || *after < *before) return std::nullopt;
  return *after - *before;
}

void Add(std::optional<double>& sum, double value) {
  if (!std::isnan(value)) sum = sum.value_or(0) + value;
}

// Latency histogram families by what they time, in order of preference.
// TensorRT-LLM names its metrics without a prefix ("trtllm_" in its own
// collector, "trtllm:" where Dynamo re-exports them): both are read.
constexpr std::string_view kTtftFamilies[] = {
    "vllm:time_to_first_token_seconds", "sglang:time_to_first_token_seconds",
    "trtllm_time_to_first_token_seconds", "trtllm:time_to_first_token_seconds"};
constexpr std::string_view kVllmDecodeFamily =
    "vllm:request_decode_time_seconds";
constexpr std::string_view kTpotFamilies[] = {
    "vllm:inter_token_latency_seconds",
    "vllm:time_per_output_token_seconds",
    "sglang:inter_token_latency_seconds",
    "sglang:time_per_output_token_seconds",
    "trtllm_time_per_output_token_seconds",
    "trtllm:time_per_output_token_seconds"};
constexpr std::string_view kQueueFamilies[] = {
    "vllm:request_queue_time_seconds", "sglang:queue_time_seconds",
    "trtllm_request_queue_time_seconds", "trtllm:request_queue_time_seconds"};
constexpr std::string_view kPrefillFamilies[] = {
    "vllm:request_prefill_time_seconds", "trtllm_request_prefill_time_seconds",
    "trtllm:request_prefill_time_seconds"};
constexpr std::string_view kE2eFamilies[] = {
    "vllm:e2e_request_latency_seconds", "sglang:e2e_request_latency_seconds",
    "trtllm_e2e_request_latency_seconds", "trtllm:e2e_request_latency_seconds"};
constexpr std::string_view kGenerationTokens = "vllm:generation_tokens_total";

// Every sample name the clock needs: each family's _sum and _count, and the
// token counter. Built once.
const std::vector<std::string_view>& LatencyScanNames() {
  static const std::vector<std::string> storage = [] {
    std::vector<std::string> names;
    const auto add = [&](std::string_view family) {
      names.push_back(std::string(family) + "_sum");
      names.push_back(std::string(family) + "_count");
    };
    for (auto f : kTtftFamilies) add(f);
    add(kVllmDecodeFamily);
    for (auto f : kTpotFamilies) add(f);
    for (auto f : kQueueFamilies) add(f);
    for (auto f : kPrefillFamilies) add(f);
    for (auto f : kE2eFamilies) add(f);
    names.emplace_back(kGenerationTokens);
    return names;
  }();
  static const std::vector<std::string_view> views(storage.begin(),
                                                   storage.end());
  return views;
}

// The change of one family between two scrapes; a family first seen after
// the first scrape started from zero (labelled histograms appear at their
// first observation).
std::optional<HistogramTotal> FamilyDelta(const LatencyTotals& before,
                                          const LatencyTotals& after,
                                          std::string_view family) {
  const auto a = after.histograms.find(family);
  if (a == after.histograms.end()) return std::nullopt;
  HistogramTotal b;
  if (const auto it = before.histograms.find(family);
      it != before.histograms.end()) {
    b = it->second;
  }
  HistogramTotal d{a->second.sum - b.sum, a->second.count - b.count};
  if (d.count < 0 || d.sum < 0) return std::nullopt;  // the server restarted
  return d;
}

// The mean (in ms) of the first family of `families` that observed
// something in between, and its name.
std::optional<double> MeanMs(const LatencyTotals& before,
                             const LatencyTotals& after,
                             const std::string_view* families, size_t n,
                             std::string* source, double* count = nullptr) {
  for (size_t i = 0; i < n; ++i) {
    const std::optional<HistogramTotal> d =
        FamilyDelta(before, after, families[i]);
    if (!d || d->count <= 0) continue;
    if (source != nullptr) *source = std::string(families[i]);
    if (count != nullptr) *count = d->count;
    return d->sum / d->count * 1000;
  }
  return std::nullopt;
}

template <size_t N>
std::optional<double> MeanMs(const LatencyTotals& before,
                             const LatencyTotals& after,
                             const std::string_view (&families)[N],
                             std::string* source = nullptr,
                             double* count = nullptr) {
  return MeanMs(before, after, families, N, source, count);
}

}  // namespace

std::optional<int64_t> KvCacheTokensFromCacheConfig(std::string_view metrics) {
  std::optional<int64_t> tokens;
  ScanSeries(metrics, {"vllm:cache_config_info"}, [&](const SampleLine& s) {
    const std::optional<int64_t> blocks = LabelInt(s.labels, "num_gpu_blocks");
    const std::optional<int64_t> block_size = LabelInt(s.labels, "block_size");
    if (!blocks || !block_size) return;
    // Both are bounded by the text's length only: refuse a product that
    // does not fit rather than wrap.
    if (*blocks > INT64_MAX / *block_size) return;
    tokens = std::max(tokens.value_or(0), *blocks * *block_size);
  });
  return tokens;
}

std::optional<double> KvCacheUsagePct(std::string_view metrics) {
  constexpr size_t kGauges = std::size(kKvUsageGauges);
  double peak[kGauges];
  bool seen[kGauges] = {};
  ScanSeries(metrics, kKvUsageGauges, [&](const SampleLine& s) {
    if (std::isnan(s.value)) return;
    for (size_t i = 0; i < kGauges; ++i) {
      if (s.name != kKvUsageGauges[i]) continue;
      peak[i] = seen[i] ? std::max(peak[i], s.value * 100) : s.value * 100;
      seen[i] = true;
    }
  });
  for (size_t i = 0; i < kGauges; ++i) {
    if (seen[i]) return peak[i];
  }
  return std::nullopt;
}

SpecDecodeCounters ReadSpecDecodeCounters(std::string_view metrics) {
  static constexpr std::string_view kDrafts = "vllm:spec_decode_num_drafts";
  static constexpr std::string_view kDraftTokens =
      "vllm:spec_decode_num_draft_tokens";
  static constexpr std::string_view kPerPos =
      "vllm:spec_decode_num_accepted_tokens_per_pos";
  static constexpr std::string_view kNames[] = {
      "vllm:spec_decode_num_drafts_total",
      "vllm:spec_decode_num_drafts",
      "vllm:spec_decode_num_draft_tokens_total",
      "vllm:spec_decode_num_draft_tokens",
      "vllm:spec_decode_num_accepted_tokens_total",
      "vllm:spec_decode_num_accepted_tokens",
      "vllm:spec_decode_num_accepted_tokens_per_pos_total",
      "vllm:spec_decode_num_accepted_tokens_per_pos"};
  // Exposition name (with _total) and bare name kept apart: the first that
  // has samples wins, as the counters are never exported under both.
  std::optional<double> total[3], bare[3];
  std::map<int, double> per_pos_total, per_pos_bare;
  ScanSeries(metrics, kNames, [&](const SampleLine& s) {
    const bool has_total = s.name.ends_with("_total");
    const std::string_view base =
        has_total ? s.name.substr(0, s.name.size() - 6) : s.name;
    if (base == kPerPos) {
      const std::optional<std::string_view> label =
          FindLabel(s.labels, "position");
      if (!label || std::isnan(s.value)) return;
      int position = -1;
      auto [ptr, ec] = std::from_chars(label->data(),
                                       label->data() + label->size(), position);
      if (ec != std::errc() || ptr != label->data() + label->size() ||
          position < 0) {
        return;
      }
      (has_total ? per_pos_total : per_pos_bare)[position] += s.value;
      return;
    }
    // The third is vllm:spec_decode_num_accepted_tokens.
    const int index = base == kDrafts ? 0 : base == kDraftTokens ? 1 : 2;
    Add(has_total ? total[index] : bare[index], s.value);
  });
  SpecDecodeCounters counters;
  counters.num_drafts = total[0] ? total[0] : bare[0];
  counters.num_draft_tokens = total[1] ? total[1] : bare[1];
  counters.num_accepted_tokens = total[2] ? total[2] : bare[2];
  counters.accepted_per_position = per_pos_total.empty()
                                       ? std::move(per_pos_bare)
                                       : std::move(per_pos_total);
  return counters;
}

std::optional<SpecDecodeStats> SpecDecodeDelta(
    const SpecDecodeCounters& before, const SpecDecodeCounters& after) {
  const std::optional<double> draft_tokens =
      Delta(before.num_draft_tokens, after.num_draft_tokens);
  const std::optional<double> accepted =
      Delta(before.num_accepted_tokens, after.num_accepted_tokens);
  if (!draft_tokens || !accepted || *draft_tokens <= 0) return std::nullopt;
  const bool had_drafts = after.num_drafts.has_value();
  const std::optional<double> drafts =
      Delta(before.num_drafts, after.num_drafts);
  if (had_drafts && !drafts) return std::nullopt;  // it went backwards

  SpecDecodeStats stats;
  stats.draft_tokens = *draft_tokens;
  stats.accepted_tokens = *accepted;
  stats.acceptance_rate = *accepted / *draft_tokens;
  if (drafts && *drafts > 0) {
    stats.drafts = *drafts;
    stats.mean_acceptance_length = 1 + *accepted / *drafts;
    for (const auto& [position, count] : after.accepted_per_position) {
      if (position != static_cast<int>(stats.per_position_rate.size())) break;
      auto it = before.accepted_per_position.find(position);
      const double earlier =
          it == before.accepted_per_position.end() ? 0 : it->second;
      if (count < earlier) return std::nullopt;
      stats.per_position_rate.push_back((count - earlier) / *drafts);
    }
  }
  return stats;
}

LatencyTotals ReadLatencyTotals(std::string_view metrics) {
  LatencyTotals totals;
  ScanSeries(metrics, LatencyScanNames(), [&](const SampleLine& s) {
    if (std::isnan(s.value)) return;
    if (s.name == kGenerationTokens) {
      Add(totals.generation_tokens, s.value);
      return;
    }
    const bool is_sum = s.name.ends_with("_sum");
    const std::string_view family =
        s.name.substr(0, s.name.size() - (is_sum ? 4 : 6));
    auto it = totals.histograms.find(family);
    if (it == totals.histograms.end()) {
      it = totals.histograms.emplace(std::string(family), HistogramTotal{})
               .first;
    }
    (is_sum ? it->second.sum : it->second.count) += s.value;
  });
  return totals;
}

std::optional<ServerClock> ServerClockDelta(const LatencyTotals& before,
                                            const LatencyTotals& after) {
  ServerClock clock;
  double ttft_count = 0;
  clock.ttft_ms =
      MeanMs(before, after, kTtftFamilies, &clock.ttft_source, &ttft_count);

  // vLLM: decode time over the tokens after each request's first.
  const std::optional<HistogramTotal> decode =
      FamilyDelta(before, after, kVllmDecodeFamily);
  const std::optional<double> tokens =
      Delta(before.generation_tokens, after.generation_tokens);
  if (decode && tokens && decode->count > 0 && *tokens - decode->count > 0) {
    clock.tpot_ms = decode->sum / (*tokens - decode->count) * 1000;
    clock.tpot_source = std::string(kVllmDecodeFamily) + " / (" +
                        std::string(kGenerationTokens) + " - requests)";
  } else {
    clock.tpot_ms = MeanMs(before, after, kTpotFamilies, &clock.tpot_source);
  }
  clock.queue_ms = MeanMs(before, after, kQueueFamilies);
  clock.prefill_ms = MeanMs(before, after, kPrefillFamilies);
  double e2e_count = 0;
  clock.e2e_ms = MeanMs(before, after, kE2eFamilies, nullptr, &e2e_count);
  if (clock.ttft_ms) {
    clock.requests = ttft_count;
  } else if (clock.e2e_ms) {
    clock.requests = e2e_count;
  }
  if (!clock.ttft_ms && !clock.tpot_ms) return std::nullopt;
  return clock;
}

}  // namespace servebench
