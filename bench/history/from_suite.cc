// The suite's records in the history's terms.
#include "bench/history/from_suite.h"

#include <vector>

#include "bench/runner/case_runner.h"

namespace servebench::history {
namespace {

void AddFigure(HistoryCase& out, const std::string& name,
               const std::vector<RequestFigures>& samples,
               std::optional<double> (*get)(const RequestFigures&)) {
  std::vector<double> values;
  for (const RequestFigures& f : samples) {
    if (std::optional<double> v = get(f)) values.push_back(*v);
  }
  if (values.empty()) return;
  double sum = 0;
  for (double v : values) sum += v;
  out.means[name] = sum / static_cast<double>(values.size());
  out.samples[name] = std::move(values);
}

}  // namespace

HistoryRun HistoryRunOf(const RunContext& context,
                        const std::map<std::string, std::string>& labels,
                        const std::optional<std::string>& commit) {
  HistoryRun run;
  run.suite = context.suite;
  run.model = context.model;
  run.host = context.host;
  run.started_at = context.started_at;
  run.commit = commit.value_or("");
  if (context.max_model_len > 0) run.max_model_len = context.max_model_len;
  run.labels = labels;
  run.source = "suite";
  run.context["endpoint"] = context.endpoint;
  run.context["server"] = context.server;
  run.context["suite_file"] = context.suite_file;
  run.context["model_source"] = context.model_source;
  run.context["max_model_len_source"] = context.max_model_len_source;
  run.context["warmup_runs"] = std::to_string(context.warmup_runs);
  run.context["bench_runs"] = std::to_string(context.runs);
  if (context.facts) {
    const ServerFacts& facts = *context.facts;
    run.engine =
        facts.engine == Engine::kUnknown ? "" : EngineName(facts.engine);
    run.gpu_memory_utilization = facts.gpu_memory_utilization;
    for (const FactField& field : FactFields(facts)) {
      if (field.name == "engine" || field.name == "gpu_memory_utilization") {
        continue;
      }
      if (field.number) {
        run.server[field.name] = *field.number;
      } else {
        run.context[field.name] = field.text;
      }
    }
    for (const auto& [name, line] : facts.sources) {
      run.context["fact_source_" + name] = line;
    }
  }
  if (!context.server_log.empty())
    run.context["server_log"] = context.server_log;
  return run;
}

HistoryCase HistoryCaseOf(const CaseRecord& record) {
  const CaseOutcome& outcome = record.outcome;
  HistoryCase out;
  out.name = outcome.spec.Name();
  out.isl = outcome.spec.isl;
  out.osl = outcome.spec.osl;
  switch (outcome.spec.mode()) {
    case LoadMode::kConcurrency:
      out.level = outcome.spec.concurrency;
      break;
    case LoadMode::kRate:
      out.level = outcome.spec.request_rate;
      break;
    default:
      out.level = 0;
  }
  out.status = StatusName(record.status);
  out.verdict = record.verdict;
  out.message = record.message;
  const auto& s = outcome.samples;
  AddFigure(out, "ttft_ms", s, [](const RequestFigures& f) {
    return std::optional<double>(f.ttft_ms);
  });
  AddFigure(out, "tpot_ms", s,
            [](const RequestFigures& f) { return f.tpot_ms; });
  AddFigure(out, "decode_tps", s,
            [](const RequestFigures& f) { return f.decode_tps; });
  AddFigure(out, "e2e_tps", s,
            [](const RequestFigures& f) { return f.e2e_tps; });
  AddFigure(out, "ttfc_ms", s,
            [](const RequestFigures& f) { return f.ttfc_ms; });
  AddFigure(out, "isl_actual", s, [](const RequestFigures& f) {
    return std::optional<double>(static_cast<double>(f.prompt_tokens));
  });
  AddFigure(out, "osl_actual", s, [](const RequestFigures& f) {
    return std::optional<double>(static_cast<double>(f.completion_tokens));
  });
  for (const auto& [name, value] : record.server_figures) {
    out.means.emplace(name, value);  // memory facts, load figures, ...
  }
  return out;
}

}  // namespace servebench::history
