// The one mapping from a run's records to JUnit property names and values.
#include "suites/junit_properties.h"

#include "bench/base/text_format.h"
#include "bench/gating/metric.h"

namespace servebench {
namespace {

void Add(Properties& out, std::string name, std::string value) {
  out.push_back({std::move(name), std::move(value)});
}

// The mean under the bare name plus _min, _max, _median, _stddev; absent
// figures (e.g. TPOT of one-token outputs) are left out, never 0.
void AddStats(Properties& out, const std::string& name,
              const std::optional<SummaryStats>& stats, int decimals) {
  if (!stats) return;
  Add(out, name, Fixed(stats->mean, decimals));
  Add(out, name + "_min", Fixed(stats->min, decimals));
  Add(out, name + "_max", Fixed(stats->max, decimals));
  Add(out, name + "_median", Fixed(stats->median, decimals));
  Add(out, name + "_stddev", Fixed(stats->stddev, decimals));
}

void AddPercentiles(Properties& out, const std::string& name,
                    std::optional<double> p50, std::optional<double> p90,
                    std::optional<double> p99) {
  if (!p50) return;
  Add(out, name + "_p50", Fixed(*p50, 3));
  Add(out, name + "_p90", Fixed(*p90, 3));
  Add(out, name + "_p99", Fixed(*p99, 3));
}

void AddServerFigures(Properties& out, const CaseRecord& record) {
  for (const auto& [name, value] : record.server_figures) {
    Add(out, name, Fixed(value, ServerFigureDecimals(name)));
  }
  for (const auto& [name, text] : record.server_notes) Add(out, name, text);
}

// gpu_count, gpu_names, gpu_source: when a GPU source reported.
void AddGpus(Properties& out, const SuiteDescription& run) {
  if (run.gpu_count <= 0) return;
  Add(out, "gpu_count", std::to_string(run.gpu_count));
  std::string names;
  for (const std::string& name : run.gpu_names) {
    names += (names.empty() ? "" : "; ") + name;
  }
  if (!names.empty()) Add(out, "gpu_names", names);
  Add(out, "gpu_source", run.gpu_source);
}

}  // namespace

int ServerFigureDecimals(const std::string& name) {
  if (name == "spec_acceptance_rate") return 4;
  if (name == "kv_cache_tokens") return 0;
  if (name == "spec_mean_acceptance_length") return 3;
  if (name == "energy_per_output_token_j") return 6;
  if (name == "gpu_power_w_avg" || name == "gpu_power_w_max") return 2;
  if (name == "kv_cache_usage_peak_pct" || name == "tpot_client_server_pct" ||
      name.ends_with("_gib") || name.ends_with("_gib_max")) {
    return 2;
  }
  return 3;
}

Properties SuiteProperties(const SuiteDescription& run) {
  Properties out;
  Add(out, "suite", run.suite);
  Add(out, "model", run.model);
  Add(out, "max_model_len", std::to_string(run.max_model_len));
  Add(out, "max_model_len_source", run.max_model_len_source);
  Add(out, "server", run.server);
  Add(out, "endpoint", run.endpoint);
  if (!run.baseline.empty()) Add(out, "baseline", run.baseline);
  Add(out, "isl_calibration", run.isl_calibration);
  Add(out, "exact_output_length", run.exact_output_length ? "true" : "false");
  AddGpus(out, run);
  if (!run.facts) return out;
  for (const FactField& field : FactFields(*run.facts)) {
    Add(out, field.name, field.text);
    if (field.name == "engine" && !run.server_log.empty()) {
      Add(out, "server_log", run.server_log);
    }
  }
  // Where each fact came from: the log line, or the /metrics series.
  for (const auto& [name, line] : run.facts->sources) {
    Add(out, "fact_source_" + name, line);
  }
  return out;
}

Properties CaseIdentityProperties(const CaseSpec& spec) {
  return {{"isl", std::to_string(spec.isl)},
          {"osl", std::to_string(spec.osl)},
          {"label", spec.label},
          {"category", spec.category}};
}

Properties SequentialCaseProperties(const CaseRecord& record) {
  const CaseOutcome& outcome = record.outcome;
  const CaseSummary summary = Summarize(outcome);
  Properties out;
  AddServerFigures(out, record);
  Add(out, "runs", std::to_string(outcome.samples.size()));
  Add(out, "warmup_runs", std::to_string(outcome.warmup_runs));
  if (summary.prompt_tokens) {
    Add(out, "isl_actual", Fixed(summary.prompt_tokens->mean, 0));
  }
  if (summary.completion_tokens) {
    Add(out, "osl_actual", Fixed(summary.completion_tokens->mean, 0));
  }
  AddStats(out, "ttft_ms", summary.ttft_ms, 3);
  AddStats(out, "tpot_ms", summary.tpot_ms, 3);
  AddStats(out, "decode_tps", summary.decode_tps, 3);
  AddStats(out, "e2e_tps", summary.e2e_tps, 3);
  AddStats(out, "ttfc_ms", summary.ttfc_ms, 3);
  AddPercentiles(out, "itl_ms", summary.itl_p50, summary.itl_p90,
                 summary.itl_p99);
  AddPercentiles(out, "chunk_itl_ms", summary.chunk_itl_p50,
                 summary.chunk_itl_p90, summary.chunk_itl_p99);
  if (summary.tokens_per_chunk) {
    Add(out, "tokens_per_chunk", Fixed(summary.tokens_per_chunk->mean, 3));
  }
  if (summary.cached_tokens) {
    Add(out, "cached_tokens", Fixed(summary.cached_tokens->mean, 0));
  }
  if (outcome.calibrated_tokens) {
    Add(out, "isl_calibrated", std::to_string(*outcome.calibrated_tokens));
  }
  if (summary.role_lead_ms) {
    Add(out, "role_chunk_lead_ms", Fixed(summary.role_lead_ms->mean, 3));
  }
  return out;
}

Properties ComparisonProperties(const Comparison& comparison) {
  Properties out;
  for (const auto& m : comparison.metrics) {
    const std::string name = Info(m.metric).name;
    Add(out, name + "_baseline", Fixed(m.baseline, 3));
    Add(out, name + "_change_pct", Fixed(m.change_pct, 2));
    Add(out, name + "_verdict", VerdictName(m.verdict));
  }
  Add(out, "verdict", VerdictName(comparison.Overall()));
  return out;
}

}  // namespace servebench
