// vLLM metric names and how several engines' series combine.
#include "bench/facts/metrics/metrics_facts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace servebench {
namespace {

std::optional<int64_t> LabelInt(const PromSample& sample,
                                const std::string& label) {
  auto it = sample.labels.find(label);
  if (it == sample.labels.end()) return std::nullopt;
  const std::string& text = it->second;
  int64_t value = 0;
  auto [ptr, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

// The sum over all series of a counter, read as `name`_total or `name`.
std::optional<double> CounterSum(const std::vector<PromSample>& samples,
                                 const std::string& name) {
  std::optional<double> sum;
  for (const std::string& exposed : {name + "_total", name}) {
    for (const PromSample* s : FindSamples(samples, exposed)) {
      if (std::isnan(s->value)) continue;
      sum = sum.value_or(0) + s->value;
    }
    if (sum) return sum;
  }
  return sum;
}

// after - before, or nullopt if either is missing or the counter reset.
std::optional<double> Delta(std::optional<double> before,
                            std::optional<double> after) {
  if (!before || !after || *after < *before) return std::nullopt;
  return *after - *before;
}

}  // namespace

std::optional<int64_t> KvCacheTokensFromCacheConfig(
    const std::vector<PromSample>& samples) {
  std::optional<int64_t> tokens;
  for (const PromSample* s : FindSamples(samples, "vllm:cache_config_info")) {
    const std::optional<int64_t> blocks = LabelInt(*s, "num_gpu_blocks");
    const std::optional<int64_t> block_size = LabelInt(*s, "block_size");
    if (!blocks || !block_size) continue;
    tokens = std::max(tokens.value_or(0), *blocks * *block_size);
  }
  return tokens;
}

std::optional<double> KvCacheUsagePct(const std::vector<PromSample>& samples) {
  for (const char* name :
       {"vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"}) {
    std::optional<double> peak;
    for (const PromSample* s : FindSamples(samples, name)) {
      if (std::isnan(s->value)) continue;
      peak = std::max(peak.value_or(-INFINITY), s->value * 100);
    }
    if (peak) return peak;
  }
  return std::nullopt;
}

SpecDecodeCounters ReadSpecDecodeCounters(
    const std::vector<PromSample>& samples) {
  SpecDecodeCounters counters;
  counters.num_drafts = CounterSum(samples, "vllm:spec_decode_num_drafts");
  counters.num_draft_tokens =
      CounterSum(samples, "vllm:spec_decode_num_draft_tokens");
  counters.num_accepted_tokens =
      CounterSum(samples, "vllm:spec_decode_num_accepted_tokens");
  const std::string per_pos = "vllm:spec_decode_num_accepted_tokens_per_pos";
  for (const std::string& exposed : {per_pos + "_total", per_pos}) {
    for (const PromSample* s : FindSamples(samples, exposed)) {
      auto it = s->labels.find("position");
      if (it == s->labels.end() || std::isnan(s->value)) continue;
      int position = -1;
      const std::string& text = it->second;
      auto [ptr, ec] =
          std::from_chars(text.data(), text.data() + text.size(), position);
      if (ec != std::errc() || ptr != text.data() + text.size() ||
          position < 0) {
        continue;
      }
      counters.accepted_per_position[position] += s->value;
    }
    if (!counters.accepted_per_position.empty()) break;
  }
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

}  // namespace servebench
