// Fixed-width text table of case results.
#include "bench/results/results_table.h"

#include <algorithm>
#include <cstdio>

#include "bench/base/text_format.h"

namespace servebench {
namespace {

std::optional<double> Mean(const std::optional<SummaryStats>& stats) {
  return stats ? std::optional<double>(stats->mean) : std::nullopt;
}

}  // namespace

std::string FormatResultsTable(const std::vector<CaseRecord>& records,
                               const std::optional<ServerFacts>& facts) {
  const std::vector<std::string> header = {
      "Case",      "Label",        "ISL act",      "OSL act",
      "TTFT ms",   "TPOT ms",      "Decode tok/s", "E2E tok/s",
      "Model GiB", "KV cache GiB", "KV tokens",    "Status"};
  std::vector<std::vector<std::string>> rows;
  const ServerFacts memory = facts.value_or(ServerFacts{});
  const std::string model_gib = FixedOr(memory.model_memory_gib, 1);
  const std::string kv_gib = FixedOr(memory.kv_cache_gib, 1);
  const std::string kv_tokens =
      memory.kv_cache_tokens ? std::to_string(*memory.kv_cache_tokens) : "n/a";
  for (const auto& record : records) {
    const CaseSummary s = Summarize(record.outcome);
    rows.push_back({record.outcome.spec.Name(), record.outcome.spec.label,
                    FixedOr(Mean(s.prompt_tokens), 0),
                    FixedOr(Mean(s.completion_tokens), 0),
                    FixedOr(Mean(s.ttft_ms), 1), FixedOr(Mean(s.tpot_ms), 2),
                    FixedOr(Mean(s.decode_tps), 1), FixedOr(Mean(s.e2e_tps), 1),
                    model_gib, kv_gib, kv_tokens, StatusName(record.status)});
  }
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < cells.size(); ++c) {
      // Text columns align left, figures right.
      const bool text = c < 2 || c + 1 == cells.size();
      const std::string pad(width[c] - cells[c].size(), ' ');
      out += text ? cells[c] + pad : pad + cells[c];
      out += c + 1 == cells.size() ? "\n" : "  ";
    }
    return out;
  };
  std::string table = line(header);
  size_t total = 0;
  for (size_t w : width) total += w + 2;
  table += std::string(total - 2, '-') + "\n";
  for (const auto& row : rows) table += line(row);
  return table;
}

}  // namespace servebench
