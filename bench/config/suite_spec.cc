// Loading and validating suite TOML files with TOML++.
#include "bench/config/suite_spec.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include "bench/base/limits.h"
#include "bench/config/toml_check.h"

namespace servebench {
namespace {

// Keys besides the load keys (load_spec.h), which both tables take.
const std::vector<std::string> kSuiteOnlyKeys = {"name",
                                                 "description",
                                                 "warmup_runs",
                                                 "runs",
                                                 "baseline",
                                                 "exact_output_length",
                                                 "allow_short_outputs",
                                                 "continuous_usage",
                                                 "isl_tolerance_pct",
                                                 "tpot_disagreement_limit_pct",
                                                 "history_gate_runs",
                                                 "history_min_tolerance_pct"};
const std::vector<std::string> kCaseOnlyKeys = {"isl", "osl", "category",
                                                "label"};

std::vector<std::string> WithLoadKeys(std::vector<std::string> keys) {
  for (const std::string& key : LoadKeyNames()) keys.push_back(key);
  return keys;
}
const std::vector<std::string> kCategories = {"prefill-heavy", "balanced",
                                              "decode-heavy"};

Result<int64_t> PositiveInt(const toml::table& table, const char* key,
                            const std::string& source,
                            const std::string& section, int64_t minimum,
                            int64_t maximum, bool required, int64_t fallback) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (!required) return fallback;
    return Error{source + ":" + std::to_string(table.source().begin.line) +
                 ": " + section + " has no \"" + key + "\""};
  }
  const auto* value = node->as_integer();
  if (value == nullptr || value->get() < minimum) {
    return Error{Where(source, *node) + ": \"" + key + "\" in " + section +
                 " is " + Describe(*node) +
                 "; it must be a whole number of at least " +
                 std::to_string(minimum)};
  }
  if (value->get() > maximum) {
    return Error{Where(source, *node) + ": \"" + key + "\" in " + section +
                 " is " + Describe(*node) + "; servebench takes at most " +
                 std::to_string(maximum) + " (see Limits in README.md)"};
  }
  return value->get();
}

// A [suite] percentage from 0 to `maximum`, whole or not; absent: nullopt.
Result<std::optional<double>> OptionalPercent(const toml::table& table,
                                              const char* key,
                                              const std::string& source,
                                              double maximum,
                                              const char* example) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::optional<double>();
  std::optional<double> pct;
  if (const auto* f = node->as_floating_point()) pct = f->get();
  if (const auto* i = node->as_integer()) pct = static_cast<double>(i->get());
  if (!pct || !(*pct >= 0) || *pct > maximum) {
    char range[64];
    std::snprintf(range, sizeof range, "from 0 to %g, e.g. %s", maximum,
                  example);
    return Error{Where(source, *node) + ": \"" + key + "\" in [suite] is " +
                 Describe(*node) + "; it must be a percentage " + range};
  }
  return pct;
}

Result<std::string> Text(const toml::table& table, const char* key,
                         const std::string& source,
                         const std::string& section) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return Error{source + ":" + std::to_string(table.source().begin.line) +
                 ": " + section + " has no \"" + key + "\""};
  }
  const auto* value = node->as_string();
  if (value == nullptr) {
    return Error{Where(source, *node) + ": \"" + key + "\" in " + section +
                 " must be a string"};
  }
  return value->get();
}

// An optional boolean: absent keeps `out` as it is.
Status OptionalBool(const toml::table& table, const char* key,
                    const std::string& source, bool& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Ok{};
  const auto* value = node->as_boolean();
  if (value == nullptr) {
    return Error{Where(source, *node) + ": \"" + key + "\" in [suite] is " +
                 Describe(*node) + "; it must be true or false"};
  }
  out = value->get();
  return Ok{};
}

// The pair's cases, one per level (see "Levels" in suite_spec.h).
Status AddLevels(const CaseSpec& pair, const LoadKeys& keys,
                 const std::string& where, std::vector<CaseSpec>& cases) {
  const std::vector<double> rates =
      keys.request_rate.value_or(std::vector<double>());
  const bool sweep = keys.sweep.value_or(false);
  const std::vector<int> levels = keys.concurrency.value_or(
      rates.empty() && !sweep ? std::vector<int>{1} : std::vector<int>());
  for (int level : levels) {
    CaseSpec c = pair;
    c.concurrency = level;
    cases.push_back(std::move(c));
  }
  for (double rate : rates) {
    if (!pair.load.requests &&
        rate * pair.load.duration_s > kMaxLevelRequests) {
      return Error{where + ": request_rate " + RateText(rate) + " for " +
                   std::to_string(static_cast<int64_t>(pair.load.duration_s)) +
                   " s is more than " + std::to_string(kMaxLevelRequests) +
                   " requests; shorten duration_s"};
    }
    CaseSpec c = pair;
    c.request_rate = rate;
    for (const CaseSpec& other : cases) {
      if (other.Name() == c.Name()) {
        return Error{where + ": request_rate " + RateText(rate) +
                     " names the same case as another level"};
      }
    }
    cases.push_back(std::move(c));
  }
  if (sweep) {
    CaseSpec c = pair;
    c.sweep = true;
    cases.push_back(std::move(c));
  }
  return Ok{};
}

}  // namespace

LoadMode CaseSpec::mode() const {
  if (sweep) return LoadMode::kSweep;
  if (request_rate > 0) return LoadMode::kRate;
  if (concurrency > 1 || load.shared_workload()) return LoadMode::kConcurrency;
  return LoadMode::kSequential;
}

std::string CaseSpec::Level() const {
  switch (mode()) {
    case LoadMode::kSequential:
      return "";
    case LoadMode::kConcurrency:
      return "Conc" + std::to_string(concurrency);
    case LoadMode::kRate:
      return "Rate" + RateText(request_rate);
    case LoadMode::kSweep:
      return "Sweep";
  }
  return "";
}

std::string CaseSpec::Name() const {
  return "Isl" + std::to_string(isl) + "Osl" + std::to_string(osl) + Level();
}

std::string CaseSpec::Regime() const {
  std::string regime = category;
  std::replace(regime.begin(), regime.end(), '-', '_');
  return regime;
}

Result<SuiteSpec> ParseSuiteSpec(const std::string& toml_text,
                                 const std::string& source) {
  SB_ASSIGN_OR_RETURN(const toml::table root, ParseToml(toml_text, source));
  SB_RETURN_IF_ERROR(CheckKeys(root, {"suite", "case"}, source, "the file"));

  SuiteSpec spec;
  spec.source = source;
  const toml::table* suite = root["suite"].as_table();
  if (suite == nullptr) return Error{source + ":1: no [suite] table"};
  SB_RETURN_IF_ERROR(
      CheckKeys(*suite, WithLoadKeys(kSuiteOnlyKeys), source, "[suite]"));
  auto name = Text(*suite, "name", source, "[suite]");
  if (!name.ok()) return name;
  spec.name = *name;
  auto warmups = PositiveInt(*suite, "warmup_runs", source, "[suite]", 0,
                             kMaxRuns, false, 2);
  if (!warmups.ok()) return warmups;
  auto runs =
      PositiveInt(*suite, "runs", source, "[suite]", 1, kMaxRuns, false, 3);
  if (!runs.ok()) return runs;
  auto history_runs = PositiveInt(*suite, "history_gate_runs", source,
                                  "[suite]", 0, 100, false, 0);
  if (!history_runs.ok()) return history_runs;
  spec.history_gate_runs = static_cast<int>(*history_runs);
  spec.warmup_runs = static_cast<int>(*warmups);
  spec.runs = static_cast<int>(*runs);
  for (auto [key, field] :
       {std::pair{"exact_output_length", &spec.exact_output_length},
        std::pair{"allow_short_outputs", &spec.allow_short_outputs},
        std::pair{"continuous_usage", &spec.continuous_usage}}) {
    SB_RETURN_IF_ERROR(OptionalBool(*suite, key, source, *field));
  }
  SB_ASSIGN_OR_RETURN(spec.isl_tolerance_pct,
                      OptionalPercent(*suite, "isl_tolerance_pct", source,
                                      100, "0.5"));
  SB_ASSIGN_OR_RETURN(const LoadKeys suite_load,
                      ReadLoadKeys(*suite, source, "[suite]"));
  for (auto [key, field, maximum] :
       {std::tuple{"tpot_disagreement_limit_pct",
                   &spec.tpot_disagreement_limit_pct, 1000.0},
        std::tuple{"history_min_tolerance_pct",
                   &spec.history_min_tolerance_pct, 100.0}}) {
    SB_ASSIGN_OR_RETURN(const std::optional<double> pct,
                        OptionalPercent(*suite, key, source, maximum, "2"));
    if (pct) *field = *pct;
  }
  if (suite->get("baseline") != nullptr) {
    auto baseline = Text(*suite, "baseline", source, "[suite]");
    if (!baseline.ok()) return baseline;
    spec.baseline = *baseline;
  }

  const toml::array* cases = root["case"].as_array();
  if (cases == nullptr || cases->empty()) {
    return Error{
        source + ":" + std::to_string(suite->source().begin.line) +
        ": the suite has no [[case]] entries; add at least one ISL/OSL pair"};
  }
  std::set<std::pair<int64_t, int64_t>> seen;
  for (size_t i = 0; i < cases->size(); ++i) {
    const toml::table* entry = cases->get(i)->as_table();
    const std::string section = "[[case]] #" + std::to_string(i + 1);
    if (entry == nullptr)
      return Error{Where(source, *cases->get(i)) + ": " + section +
                   " is not a table"};
    SB_RETURN_IF_ERROR(
        CheckKeys(*entry, WithLoadKeys(kCaseOnlyKeys), source, section));
    CaseSpec c;
    auto isl =
        PositiveInt(*entry, "isl", source, section, 1, kMaxCaseTokens, true, 0);
    if (!isl.ok()) return isl;
    auto osl =
        PositiveInt(*entry, "osl", source, section, 1, kMaxCaseTokens, true, 0);
    if (!osl.ok()) return osl;
    auto category = Text(*entry, "category", source, section);
    if (!category.ok()) return category;
    auto label = Text(*entry, "label", source, section);
    if (!label.ok()) return label;
    if (std::find(kCategories.begin(), kCategories.end(), *category) ==
        kCategories.end()) {
      return Error{Where(source, *entry->get("category")) + ": category \"" +
                   *category + "\" in " + section +
                   " must be prefill-heavy, balanced or decode-heavy"};
    }
    c.isl = *isl;
    c.osl = *osl;
    c.category = *category;
    c.label = *label;
    if (!seen.insert({c.isl, c.osl}).second) {
      return Error{Where(source, *entry) + ": " + section + " repeats ISL " +
                   std::to_string(c.isl) + " / OSL " + std::to_string(c.osl)};
    }
    SB_ASSIGN_OR_RETURN(const LoadKeys case_load,
                        ReadLoadKeys(*entry, source, section));
    const LoadKeys keys = MergeLoadKeys(suite_load, case_load);
    SB_ASSIGN_OR_RETURN(
        c.load,
        SettleLoadSpec(keys, c.isl, Where(source, *entry) + ": " + section));
    SB_RETURN_IF_ERROR(
        AddLevels(c, keys, Where(source, *entry) + ": " + section, spec.cases));
  }
  return spec;
}

Result<SuiteSpec> LoadSuiteSpec(const std::string& path) {
  return ParseTomlFile(path, "the suite file", ParseSuiteSpec);
}

}  // namespace servebench
