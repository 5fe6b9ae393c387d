// Measuring one case of a suite run: sequential or under load, its server
// figures beside the client's, gated against the baseline and saved.
#include <map>
#include <optional>
#include <string>

#include "bench/base/interrupt.h"
#include "bench/base/text_format.h"
#include "suites/load_run.h"
#include "suites/suite_run.h"

namespace servebench {

CaseReport SuiteRun::MeasureCase(const CaseSpec& spec) {
  CaseReport report;
  CaseRecord& record = report.record;
  record.outcome.spec = spec;
  if (Interrupted()) {
    record.status = CaseStatus::kSkipped;
    record.message = std::string("not run: the run was interrupted by ") +
                     InterruptSignalName();
  } else if (spec.isl + spec.osl > server_.max_model_len) {
    record.status = CaseStatus::kSkipped;
    record.message = "ISL + OSL = " + std::to_string(spec.isl + spec.osl) +
                     " exceeds the max model length " +
                     std::to_string(server_.max_model_len) + " (" +
                     server_.max_model_len_source + ")";
  }
  if (record.status == CaseStatus::kSkipped) {
    report.skipped = record.message;
  } else if (spec.is_load()) {
    MeasureLoad(spec, report);
  } else {
    MeasureSequential(spec, report);
  }
  if (Status saved = results_->Record(record); !saved.ok()) {
    report.save_error = saved.error();
  } else if (Status kept = AppendToHistory(record); !kept.ok()) {
    report.save_error = kept.error() + " (the results JSON has the case)";
  }
  return report;
}

void SuiteRun::RecordServerFigures(const CaseServerFigures& figures,
                                   CaseRecord& record) {
  const std::string name = record.outcome.spec.Name();
  record.server_figures = figures.Named();
  const CaseOutcome& outcome = record.outcome;
  // Means over the measured requests (Summarize would also sort every
  // inter-token latency: a twentieth of a suite run's instructions).
  const auto mean = [&](auto get) -> std::optional<double> {
    double sum = 0;
    int n = 0;
    for (const RequestFigures& f : outcome.samples) {
      if (const std::optional<double> v = get(f)) {
        sum += *v;
        ++n;
      }
    }
    if (n == 0) return std::nullopt;
    return sum / n;
  };

  ClockInputs in;
  in.client_ttft_ms = mean(
      [](const RequestFigures& f) { return std::optional<double>(f.ttft_ms); });
  in.client_tpot_ms = mean([](const RequestFigures& f) { return f.tpot_ms; });
  in.timings_ttft_ms =
      mean([](const RequestFigures& f) { return f.server_ttft_ms; });
  in.timings_tpot_ms =
      mean([](const RequestFigures& f) { return f.server_tpot_ms; });
  in.histograms = figures.clock;
  in.measured_requests = static_cast<int>(outcome.samples.size());
  in.tpot_limit_pct = suite_.tpot_disagreement_limit_pct;
  const ClockComparison clock = CompareClocks(in);
  for (const auto& named : clock.Named())
    record.server_figures.push_back(named);
  if (!clock.source.empty()) {
    record.server_notes.emplace_back("server_clock_source", clock.source);
  }
  for (const std::string& warning : clock.warnings) {
    progress_("[" + name + "] warning: " + warning);
  }
  if (clock.tpot_disagrees) {
    record.server_notes.emplace_back("tpot_disagreement_warning",
                                     clock.warnings.back());
  }

  if (figures.gpu && figures.gpu->energy_j) {
    int64_t tokens = 0;
    for (const RequestFigures& f : outcome.samples)
      tokens += f.completion_tokens;
    if (tokens > 0) {
      record.server_figures.emplace_back(
          "energy_per_output_token_j",
          *figures.gpu->energy_j / static_cast<double>(tokens));
    }
    record.server_notes.emplace_back("gpu_energy_method",
                                     figures.gpu->energy_method);
  }
  for (const auto& [metric, value] : memory_) {
    // Server-wide, repeated on every case: dashboards read one row per case.
    record.server_figures.emplace_back(Info(metric).name, value);
  }
}

std::map<Metric, double> SuiteRun::CaseFacts(const CaseRecord& record) const {
  std::map<Metric, double> facts = memory_;
  for (const auto& [name, value] : record.server_figures) {
    const std::optional<Metric> metric = MetricByName(name);
    if (metric && Info(*metric).per_case && !Info(*metric).per_run) {
      facts[*metric] = value;
    }
  }
  return facts;
}

void SuiteRun::MeasureSequential(const CaseSpec& spec, CaseReport& report) {
  CaseRecord& record = report.record;
  case_server_figures_.reset();
  record.outcome = runner_->Run(spec);
  RecordServerFigures(case_server_figures_.value_or(CaseServerFigures{}),
                      record);
  const std::map<Metric, double> case_facts = CaseFacts(record);
  const CaseOutcome& outcome = record.outcome;

  const BaselineCase* baseline_case =
      baseline_ ? baseline_->FindCase(spec.isl, spec.osl) : nullptr;
  if (baseline_ && baseline_case == nullptr) {
    report.properties.push_back({"verdict", "no baseline"});
    progress_("[" + spec.Name() + "] " + baseline_->source +
              " has no entry for this case: not gated");
  }
  // A run that is not comparable with the baseline is not compared with it.
  if (baseline_case != nullptr && !outcome.failure && mismatch_.empty()) {
    report.gate = GateCase(
        ExpectationFor(*baseline_, *baseline_case,
                       settings_.inconclusive_fails),
        record.outcome, case_facts, max_runs_,
        [&] { return runner_->MeasureMore(record.outcome, max_runs_); });
    const Comparison& comparison = report.gate->comparison;
    const Properties compared = ComparisonProperties(comparison);
    report.properties.insert(report.properties.end(), compared.begin(),
                             compared.end());
    record.baseline_source = report.gate->expectation.source;
    record.verdict = VerdictName(comparison.Overall());
    for (const auto& m : comparison.metrics) {
      record.baseline.push_back(BaselineFigure{Info(m.metric).name, m.baseline,
                                               m.change_pct,
                                               VerdictName(m.verdict)});
    }
  }
  if (!outcome.failure && mismatch_.empty()) GateWithHistory(report);
  const Properties figures = SequentialCaseProperties(record);
  report.properties.insert(report.properties.end(), figures.begin(),
                           figures.end());
  const CaseSummary summary = Summarize(outcome);
  // Some tools stop the TTFT clock on a chunk without text; servebench does
  // not, and says so when it matters.
  if (summary.role_lead_ms && summary.role_lead_ms->mean > 1.0) {
    progress_("[" + spec.Name() + "] the server sent a chunk without text " +
              Fixed(summary.role_lead_ms->mean, 1) +
              " ms before the first token (a role-only chunk before prefill "
              "finished); ttft_ms is measured to the first token");
  }

  const bool regressed = (report.gate && report.gate->failed) ||
                         (report.history_gate && report.history_gate->failed);
  record.status = outcome.passed() && !regressed && mismatch_.empty()
                      ? CaseStatus::kPassed
                      : CaseStatus::kFailed;
  if (outcome.failure) {
    record.message = *outcome.failure;
    report.failure = *outcome.failure;
  } else if (!mismatch_.empty()) {
    report.failure = mismatch_;
  }
  if (!mismatch_.empty()) record.message = mismatch_;
}

void SuiteRun::MeasureLoad(const CaseSpec& spec, CaseReport& report) {
  LoadRunContext context;
  context.settings = &settings_;
  context.server = &server_;
  context.prompts = prompts_.get();
  context.calibrator = calibrator_.get();
  context.counter = counting_.counter;
  context.request_options = request_options_;
  context.warmup_runs = warmup_runs_;
  context.runs = runs_;
  context.isl_tolerance = IslTolerance();
  context.allow_short_outputs = suite_.allow_short_outputs;
  context.facts = facts_collector_.get();
  context.client = client_.get();
  context.baseline = baseline_ ? &*baseline_ : nullptr;
  context.mismatch = mismatch_;
  context.inconclusive_fails = settings_.inconclusive_fails;
  context.progress = progress_;
  MeasureLoadCase(spec, context, report);
}

}  // namespace servebench
