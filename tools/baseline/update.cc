// Merging a run into a baseline, and writing the result atomically.
#include "tools/baseline/update.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "bench/base/files.h"
#include "bench/base/text_format.h"
#include "bench/results/results_file.h"
#include "tools/baseline/number_text.h"

namespace servebench::baseline_tool {
namespace {

std::string CaseName(int64_t isl, int64_t osl) {
  return "Isl" + std::to_string(isl) + "Osl" + std::to_string(osl);
}

// Measured means a case that passed with at least one figure; a skipped
// case has none and a failed one's figures (if any) cannot be trusted.
bool Measured(const RunCase& c) {
  if (c.status == "failed" || c.status == "skipped") return false;
  return c.is_load() ? !c.load.empty() : !c.means.empty();
}

// A [[load]] entry's level from the case's: "Conc8", "Rate0p5", "Sweep".
std::optional<BaselineLoad> LoadOf(const RunCase& c) {
  BaselineLoad load;
  load.isl = c.isl;
  load.osl = c.osl;
  if (c.level == "Sweep") {
    load.sweep = true;
  } else if (c.level.rfind("Conc", 0) == 0) {
    load.concurrency = std::atoi(c.level.c_str() + 4);
  } else if (c.level.rfind("Rate", 0) == 0) {
    std::string rate = c.level.substr(4);
    std::replace(rate.begin(), rate.end(), 'p', '.');
    load.request_rate = std::atof(rate.c_str());
  }
  if (load.Level() != c.level) return std::nullopt;  // not a level we name
  return load;
}

// A sweep's levels, in the order they ran, as [load.curve]: closed levels
// have no offered rate, so their achieved one stands in.
std::map<std::string, std::vector<double>> CurveOf(const RunCase& c) {
  std::map<std::string, std::vector<double>> curve;
  for (int k = 1;; ++k) {
    const std::string prefix = "level" + std::to_string(k) + "_";
    const auto figure = [&](const std::string& name) -> std::optional<double> {
      const auto it = c.figures.find(prefix + name);
      if (it == c.figures.end()) return std::nullopt;
      return it->second;
    };
    const std::optional<double> achieved = figure("achieved_rps");
    const std::optional<double> output = figure("output_tps");
    const std::optional<double> per_user = figure("per_user_tps");
    const std::optional<double> p50 = figure("ttft_ms_p50");
    const std::optional<double> p99 = figure("ttft_ms_p99");
    if (!achieved || !output || !per_user || !p50 || !p99) break;
    curve["offered_rps"].push_back(figure("offered_rps").value_or(*achieved));
    curve["request_tps"].push_back(*achieved);
    curve["output_tps"].push_back(*output);
    curve["per_user_tps"].push_back(*per_user);
    curve["ttft_ms_p50"].push_back(*p50);
    curve["ttft_ms_p99"].push_back(*p99);
  }
  return curve;
}

void RewriteLoad(const RunCase& measured, BaselineLoad& load) {
  for (const auto& [metric, value] : measured.load)
    load.figures[metric] = value;
  if (load.sweep) load.curve = CurveOf(measured);
  if (load.label.empty()) load.label = measured.label;
  if (load.category.empty()) load.category = measured.category;
}

std::vector<std::string> Problems(const RunRecord& run,
                                  const Baseline* existing) {
  std::vector<std::string> problems;
  for (const RunCase& c : run.cases) {
    if (c.status != "failed") continue;
    problems.push_back("case " + CaseName(c.isl, c.osl) + c.level + " failed" +
                       (c.message.empty() ? "" : ": " + c.message));
  }
  if (existing == nullptr) return problems;
  const BaselineContext& context = existing->context;
  if (run.max_model_len && context.max_model_len &&
      *run.max_model_len != *context.max_model_len) {
    problems.push_back("max_model_len differs: the run used " +
                       std::to_string(*run.max_model_len) +
                       ", the baseline was recorded with " +
                       std::to_string(*context.max_model_len));
  }
  if (run.gpu_memory_utilization && context.gpu_memory_utilization &&
      *run.gpu_memory_utilization != *context.gpu_memory_utilization) {
    problems.push_back("gpu_memory_utilization differs: the run used " +
                       NumberText(*run.gpu_memory_utilization) +
                       ", the baseline was recorded with " +
                       NumberText(*context.gpu_memory_utilization));
  }
  if (!run.suite.empty() && !context.suite.empty() &&
      run.suite != context.suite) {
    problems.push_back("suite differs: the run is \"" + run.suite +
                       "\", the baseline is \"" + context.suite + "\"");
  }
  return problems;
}

void FillContext(const RunRecord& run, const UpdateOptions& options,
                 BaselineContext& context) {
  if (context.model.empty()) context.model = run.model;
  if (context.engine.empty()) context.engine = run.engine;
  if (context.suite.empty()) context.suite = run.suite;
  if (!context.max_model_len) context.max_model_len = run.max_model_len;
  if (!context.gpu_memory_utilization) {
    context.gpu_memory_utilization = run.gpu_memory_utilization;
  }
  // A run without a timestamp (hand-made XML) was recorded about now.
  context.recorded_at =
      run.timestamp.empty() ? LocalTimestamp() : run.timestamp;
  context.recorded_from = options.recorded_from;
}

void RewriteFigures(const RunCase& measured, bool with_samples,
                    BaselineCase& c) {
  for (const auto& [metric, mean] : measured.means) {
    c.figures[metric] = mean;
    c.samples.erase(metric);
    if (!with_samples) continue;
    const auto it = measured.samples.find(metric);
    if (it != measured.samples.end() && !it->second.empty()) {
      c.samples[metric] = it->second;
    }
  }
  if (c.label.empty()) c.label = measured.label;
  if (c.category.empty()) c.category = measured.category;
}

// The comment block that opens a file (why its tolerances are what they
// are, where it came from): SerializeBaseline writes no comments, and a
// refresh must not lose them. Ends with one blank line, or is empty.
std::string LeadingComments(const std::string& text) {
  std::string header;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') break;
    header += line + "\n";
    at = end + 1;
  }
  while (header.size() >= 2 && header[header.size() - 2] == '\n') {
    header.pop_back();  // collapse trailing blank lines
  }
  if (header.empty() || header == "\n") return "";
  return header + "\n";
}

std::string Bulleted(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "\n  - " + line;
  return text;
}

std::string Listed(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

}  // namespace

Result<UpdateOutcome> MergeRun(const RunRecord& run, const Baseline* existing,
                               const UpdateOptions& options) {
  UpdateOutcome outcome;
  outcome.problems = Problems(run, existing);
  const std::string target = existing != nullptr && !existing->source.empty()
                                 ? existing->source
                                 : "the baseline";
  if (!outcome.problems.empty() && !options.force) {
    return Error{"refusing to update " + target + " from " + run.source + ":" +
                 Bulleted(outcome.problems) +
                 "\nUse --force to update anyway."};
  }
  bool any_measured = false;
  for (const RunCase& c : run.cases) any_measured |= Measured(c);
  if (!any_measured) {
    return Error{run.source +
                 ": no case passed with figures, so there is "
                 "nothing to record in " +
                 target};
  }

  Baseline& baseline = outcome.baseline;
  if (existing != nullptr) {
    baseline = *existing;
  } else {
    outcome.created = true;
    baseline.tolerances = DefaultTolerances();
    bool loads = false;
    for (const RunCase& c : run.cases) loads |= c.is_load() && Measured(c);
    if (loads) {
      for (const auto& [metric, tolerance] : DefaultLoadTolerances()) {
        baseline.tolerances[metric] = tolerance;
      }
    }
  }
  FillContext(run, options, baseline.context);
  for (const auto& [metric, value] : run.server) {
    if (!Info(metric).per_case) baseline.server[metric] = value;
  }

  for (BaselineCase& c : baseline.cases) {
    const RunCase* measured = run.FindCase(c.isl, c.osl);
    if (measured == nullptr || !Measured(*measured)) {
      outcome.kept.push_back(c.Name());
      continue;
    }
    RewriteFigures(*measured, options.samples, c);
    outcome.refreshed.push_back(c.Name());
  }
  for (BaselineLoad& load : baseline.loads) {
    const RunCase* measured = run.FindLoad(load.isl, load.osl, load.Level());
    if (measured == nullptr || !Measured(*measured)) {
      outcome.kept.push_back(load.Name());
      continue;
    }
    RewriteLoad(*measured, load);
    outcome.refreshed.push_back(load.Name());
  }
  for (const RunCase& measured : run.cases) {
    if (!measured.is_load() || !Measured(measured) ||
        baseline.FindLoad(measured.isl, measured.osl, measured.level) !=
            nullptr) {
      continue;
    }
    std::optional<BaselineLoad> load = LoadOf(measured);
    if (!load) continue;
    RewriteLoad(measured, *load);
    baseline.loads.push_back(std::move(*load));
    outcome.added.push_back(baseline.loads.back().Name());
  }
  for (const RunCase& measured : run.cases) {
    if (measured.is_load() || !Measured(measured) ||
        baseline.FindCase(measured.isl, measured.osl) != nullptr) {
      continue;
    }
    BaselineCase c;
    c.isl = measured.isl;
    c.osl = measured.osl;
    RewriteFigures(measured, options.samples, c);
    baseline.cases.push_back(std::move(c));
    outcome.added.push_back(baseline.cases.back().Name());
  }
  return outcome;
}

Result<UpdateOutcome> UpdateBaselineFile(const std::string& run_path,
                                         const std::string& baseline_path,
                                         const UpdateOptions& options) {
  Result<RunRecord> run = LoadRunRecord(run_path);
  if (!run.ok()) return run;

  std::error_code ec;
  const bool exists = std::filesystem::exists(baseline_path, ec);
  if (ec) {
    return Error{baseline_path +
                 ": cannot tell whether it exists: " + ec.message()};
  }
  std::optional<Baseline> existing;
  std::string header;
  if (exists) {
    SB_ASSIGN_OR_RETURN(const std::string text, ReadFile(baseline_path));
    Result<Baseline> loaded = ParseBaseline(text, baseline_path);
    if (!loaded.ok()) {
      return Error{loaded.error() + "\n(" + baseline_path +
                   " was left as it is; fix it or remove it first)"};
    }
    existing = std::move(*loaded);
    header = LeadingComments(text);
  }

  Result<UpdateOutcome> outcome =
      MergeRun(*run, existing ? &*existing : nullptr, options);
  if (!outcome.ok()) return outcome;
  outcome->baseline.source = baseline_path;
  SB_RETURN_IF_ERROR(WriteFileAtomically(
      baseline_path, header + SerializeBaseline(outcome->baseline)));
  return outcome;
}

std::string DescribeUpdate(const UpdateOutcome& outcome,
                           const std::string& baseline_path) {
  std::string text;
  for (const std::string& problem : outcome.problems) {
    text += "warning: updated despite (--force): " + problem + "\n";
  }
  text += (outcome.created ? "created " : "updated ") + baseline_path +
          " from " + outcome.baseline.context.recorded_from + "\n";
  if (!outcome.refreshed.empty()) {
    text += "  refreshed: " + Listed(outcome.refreshed) + "\n";
  }
  if (!outcome.added.empty())
    text += "  added: " + Listed(outcome.added) + "\n";
  if (!outcome.kept.empty()) {
    text += "  kept (not measured in this run): " + Listed(outcome.kept) + "\n";
  }
  return text;
}

}  // namespace servebench::baseline_tool
