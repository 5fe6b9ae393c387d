// Reading and checking baseline TOML files: the file and its [[case]]
// entries ([[load]]: baseline_load.cc; writing: baseline_writer.cc).
#include "bench/gating/baseline.h"

#include <toml++/toml.h>

#include <initializer_list>
#include <utility>

#include "bench/config/toml_check.h"
#include "bench/gating/baseline_reader.h"

namespace servebench {
namespace {

using baseline_internal::Reader;
using baseline_internal::Scope;

const std::vector<std::string> kRootKeys = {"context", "tolerances", "server",
                                            "case", "load"};
const std::vector<std::string> kContextKeys = {
    "model", "engine",        "engine_version",
    "gpu",   "max_model_len", "gpu_memory_utilization",
    "suite", "recorded_at",   "recorded_from",
    "notes"};

Status ReadContext(const Reader& r, const toml::table& table,
                   BaselineContext& c) {
  const std::string section = "[context]";
  if (auto st = r.Keys(table, kContextKeys, section); !st.ok()) return st;
  for (auto [key, field] :
       std::initializer_list<std::pair<const char*, std::string*>>{
           {"model", &c.model},
           {"engine", &c.engine},
           {"engine_version", &c.engine_version},
           {"gpu", &c.gpu},
           {"suite", &c.suite},
           {"recorded_at", &c.recorded_at},
           {"recorded_from", &c.recorded_from},
           {"notes", &c.notes}}) {
    if (auto st = r.Text(table, key, section, *field); !st.ok()) return st;
  }
  if (const toml::node* node = table.get("max_model_len")) {
    auto value = r.WholeNumber(*node, "max_model_len", section, 1);
    if (!value.ok()) return value;
    c.max_model_len = *value;
  }
  if (const toml::node* node = table.get("gpu_memory_utilization")) {
    auto value = r.Figure(*node, "gpu_memory_utilization", section);
    if (!value.ok()) return value;
    c.gpu_memory_utilization = *value;
  }
  return Ok{};
}

Result<BaselineCase> ReadCase(const Reader& r, const toml::table& entry,
                              const std::string& section) {
  SB_RETURN_IF_ERROR(r.MetricKeys(
      entry, Scope::kPerCase,
      {"isl", "osl", "label", "category", "tolerances", "samples"}, section));
  BaselineCase c;
  SB_RETURN_IF_ERROR(r.IslOsl(entry, section, c.isl, c.osl));
  SB_RETURN_IF_ERROR(baseline_internal::ReadSharedKeys(
      r, entry, section, Scope::kPerCase, "case", c));
  SB_ASSIGN_OR_RETURN(const toml::table* samples,
                      r.SubTable(entry, "samples", section, "[case.samples]"));
  if (samples != nullptr) {
    const std::string samples_section = "[case.samples] of " + section;
    SB_RETURN_IF_ERROR(
        r.MetricKeys(*samples, Scope::kPerCase, {}, samples_section));
    SB_RETURN_IF_ERROR(r.Samples(*samples, samples_section, c.samples));
  }
  return c;
}

}  // namespace

std::string BaselineCase::Name() const {
  return "Isl" + std::to_string(isl) + "Osl" + std::to_string(osl);
}

const BaselineCase* Baseline::FindCase(int64_t isl, int64_t osl) const {
  for (const auto& c : cases) {
    if (c.isl == isl && c.osl == osl) return &c;
  }
  return nullptr;
}

// Per metric, the last of: `defaults`, the file's [tolerances], the entry's
// own overrides (none when `entry` is null).
static std::map<Metric, Tolerance> Overridden(
    std::map<Metric, Tolerance> defaults,
    const std::map<Metric, Tolerance>& file,
    const std::map<Metric, Tolerance>* entry) {
  for (const auto& [metric, tolerance] : file) defaults[metric] = tolerance;
  if (entry != nullptr) {
    for (const auto& [metric, tolerance] : *entry) defaults[metric] = tolerance;
  }
  return defaults;
}

std::map<Metric, Tolerance> Baseline::TolerancesFor(
    const BaselineCase* c) const {
  return Overridden(DefaultTolerances(), tolerances,
                    c == nullptr ? nullptr : &c->tolerances);
}

std::map<Metric, Tolerance> Baseline::TolerancesFor(
    const BaselineLoad& load) const {
  return Overridden(DefaultLoadTolerances(), tolerances, &load.tolerances);
}

std::map<Metric, Tolerance> DefaultTolerances() {
  const auto relative = [](double fraction) {
    return Tolerance{Tolerance::Kind::kRelative, fraction};
  };
  const auto absolute = [](double value) {
    return Tolerance{Tolerance::Kind::kAbsolute, value};
  };
  return {
      {Metric::kTtftMs, relative(0.25)},
      {Metric::kTpotMs, relative(0.05)},
      {Metric::kDecodeTps, relative(0.05)},
      {Metric::kE2eTps, relative(0.10)},
      {Metric::kServerTtftMs, relative(0.25)},
      {Metric::kServerTpotMs, relative(0.05)},
      // Overheads are small differences: a fraction of them is noise.
      {Metric::kTtftOverheadMs, absolute(5)},
      {Metric::kTpotClientServerPct, absolute(2)},
      {Metric::kGpuPowerWAvg, relative(0.05)},
      {Metric::kGpuPowerWMax, relative(0.10)},
      {Metric::kGpuEnergyJ, relative(0.05)},
      {Metric::kEnergyPerOutputTokenJ, relative(0.05)},
      {Metric::kGpuMemoryUsedGibMax, relative(0.02)},
      {Metric::kModelMemoryGib, relative(0.02)},
      {Metric::kKvCacheGib, relative(0.02)},
      {Metric::kKvCacheTokens, relative(0.02)},
  };
}

Result<Baseline> ParseBaseline(const std::string& toml_text,
                               const std::string& source) {
  SB_ASSIGN_OR_RETURN(const toml::table root, ParseToml(toml_text, source));
  const Reader r(source);
  SB_RETURN_IF_ERROR(r.Keys(root, kRootKeys, "the file"));
  Baseline baseline;
  baseline.source = source;

  SB_ASSIGN_OR_RETURN(const toml::table* context,
                      r.SubTable(root, "context", "the file", "[context]"));
  if (context != nullptr) {
    SB_RETURN_IF_ERROR(ReadContext(r, *context, baseline.context));
  }
  SB_ASSIGN_OR_RETURN(
      const toml::table* tolerances,
      r.SubTable(root, "tolerances", "the file", "[tolerances]"));
  if (tolerances != nullptr) {
    SB_RETURN_IF_ERROR(
        r.MetricKeys(*tolerances, Scope::kAny, {}, "[tolerances]"));
    SB_RETURN_IF_ERROR(
        r.Tolerances(*tolerances, "[tolerances]", baseline.tolerances));
  }
  SB_ASSIGN_OR_RETURN(const toml::table* server,
                      r.SubTable(root, "server", "the file", "[server]"));
  if (server != nullptr) {
    SB_RETURN_IF_ERROR(r.MetricKeys(*server, Scope::kServer, {}, "[server]"));
    SB_RETURN_IF_ERROR(r.Figures(*server, "[server]", baseline.server));
  }

  SB_RETURN_IF_ERROR(baseline_internal::ReadLoads(r, root, baseline));
  SB_RETURN_IF_ERROR(baseline_internal::ReadEntries(
      r, root, baseline_internal::EntryKind{"case", "case", "case"}, ReadCase,
      [](const BaselineCase& c) {
        return "ISL " + std::to_string(c.isl) + " / OSL " +
               std::to_string(c.osl);
      },
      baseline.cases));
  return baseline;
}

Result<Baseline> LoadBaseline(const std::string& path) {
  return ParseTomlFile(path, "the baseline", ParseBaseline);
}

}  // namespace servebench
