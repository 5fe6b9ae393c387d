// Baseline selection, the apples-to-apples check, and case expectations.
#include "suites/gating.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "suites/runfiles.h"

namespace servebench {
namespace {

std::string Number(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

}  // namespace

Result<std::string> ResolveBaseline(const std::string& name_or_path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(name_or_path, ec)) return name_or_path;
  for (const std::string& candidate :
       {"baselines/" + name_or_path + ".toml", "baselines/" + name_or_path}) {
    if (auto path = Runfile(candidate); path.ok()) return *path;
  }
  std::string shipped;
  if (auto folder = Runfile("baselines/sim.toml"); folder.ok()) {
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(*folder).parent_path(), ec)) {
      if (entry.path().extension() == ".toml") {
        shipped += (shipped.empty() ? "" : ", ") + entry.path().stem().string();
      }
    }
  }
  return Error{
      "BENCH_BASELINE=" + name_or_path +
      " is neither a file nor a baseline in baselines/" +
      (shipped.empty() ? std::string() : " (shipped: " + shipped + ")") +
      "; use an absolute path for your own baseline files"};
}

std::vector<std::string> ContextMismatches(const RunIdentity& run,
                                           const BaselineContext& baseline) {
  std::vector<std::string> out;
  if (baseline.max_model_len && *baseline.max_model_len != run.max_model_len) {
    out.push_back("max_model_len " + std::to_string(run.max_model_len) +
                  " (this run, " + run.max_model_len_source + ") vs " +
                  std::to_string(*baseline.max_model_len) + " (baseline)");
  }
  if (baseline.gpu_memory_utilization && run.gpu_memory_utilization &&
      std::fabs(*baseline.gpu_memory_utilization -
                *run.gpu_memory_utilization) > 1e-6) {
    out.push_back("gpu_memory_utilization " +
                  Number(*run.gpu_memory_utilization) + " (this run) vs " +
                  Number(*baseline.gpu_memory_utilization) + " (baseline)");
  }
  if (!baseline.suite.empty() && !run.suite.empty() &&
      baseline.suite != run.suite) {
    out.push_back("suite " + run.suite + " (this run) vs " + baseline.suite +
                  " (baseline)");
  }
  return out;
}

CaseMeasurement MeasurementOf(const CaseOutcome& outcome,
                              const std::map<Metric, double>& memory) {
  CaseMeasurement measured;
  auto add = [&](Metric metric, auto get) {
    Measured m;
    for (const auto& sample : outcome.samples) {
      if (std::optional<double> v = get(sample)) m.samples.push_back(*v);
    }
    if (m.samples.empty()) return;
    double sum = 0;
    for (double v : m.samples) sum += v;
    m.mean = sum / m.samples.size();
    measured[metric] = std::move(m);
  };
  add(Metric::kTtftMs, [](const RequestFigures& f) -> std::optional<double> {
    return f.ttft_ms;
  });
  add(Metric::kTpotMs, [](const RequestFigures& f) { return f.tpot_ms; });
  add(Metric::kDecodeTps, [](const RequestFigures& f) { return f.decode_tps; });
  add(Metric::kE2eTps, [](const RequestFigures& f) { return f.e2e_tps; });
  for (const auto& [metric, value] : memory)
    measured[metric] = Measured{value, {}};
  return measured;
}

BaselineExpectation ExpectationFor(const Baseline& baseline,
                                   const BaselineCase& baseline_case,
                                   bool inconclusive_fails) {
  BaselineExpectation e;
  e.source = baseline.source + " [" + baseline_case.Name() + "]";
  e.figures = baseline_case.figures;
  for (const auto& [metric, value] : baseline.server) e.figures[metric] = value;
  e.tolerances = baseline.TolerancesFor(&baseline_case);
  e.inconclusive_fails = inconclusive_fails;
  return e;
}

}  // namespace servebench
