// A baseline's [[load]] entries: reading them, naming their levels and their
// default tolerances.
#include <algorithm>
#include <utility>

#include "bench/config/load_spec.h"  // RateText
#include "bench/gating/baseline.h"
#include "bench/gating/baseline_reader.h"

namespace servebench {
namespace baseline_internal {
namespace {

Result<BaselineLoad> ReadLoad(const Reader& r, const toml::table& entry,
                              const std::string& section) {
  SB_RETURN_IF_ERROR(
      r.MetricKeys(entry, Scope::kLoad,
                   {"isl", "osl", "concurrency", "request_rate", "sweep",
                    "label", "category", "tolerances", "curve"},
                   section));
  BaselineLoad load;
  SB_RETURN_IF_ERROR(r.IslOsl(entry, section, load.isl, load.osl));
  int levels = 0;
  if (const toml::node* node = entry.get("concurrency")) {
    auto value = r.WholeNumber(*node, "concurrency", section, 1);
    if (!value.ok()) return value;
    load.concurrency = static_cast<int>(std::min<int64_t>(*value, 1 << 30));
    ++levels;
  }
  if (const toml::node* node = entry.get("request_rate")) {
    auto value = r.Figure(*node, "request_rate", section);
    if (!value.ok()) return value;
    if (*value <= 0) {
      return r.WrongType(*node, "request_rate", section,
                         "a rate above 0 requests per second");
    }
    load.request_rate = *value;
    ++levels;
  }
  if (const toml::node* node = entry.get("sweep")) {
    const auto* value = node->as_boolean();
    if (value == nullptr || !value->get()) {
      return r.WrongType(*node, "sweep", section, "true");
    }
    load.sweep = true;
    ++levels;
  }
  if (levels != 1) {
    return Error{r.Where(entry) + ": " + section +
                 " must name its level with exactly one of concurrency = N, "
                 "request_rate = R or sweep = true"};
  }
  SB_RETURN_IF_ERROR(
      ReadSharedKeys(r, entry, section, Scope::kLoad, "load", load));
  SB_ASSIGN_OR_RETURN(const toml::table* curve,
                      r.SubTable(entry, "curve", section, "[load.curve]"));
  if (curve != nullptr) {
    const std::string curve_section = "[load.curve] of " + section;
    SB_RETURN_IF_ERROR(r.Keys(*curve, LoadCurveKeys(), curve_section));
    SB_RETURN_IF_ERROR(r.Curve(*curve, curve_section, load.curve));
  }
  return load;
}

}  // namespace

Status ReadLoads(const Reader& r, const toml::table& root, Baseline& baseline) {
  return ReadEntries(
      r, root, EntryKind{"load", "load level", "level"}, ReadLoad,
      [](const BaselineLoad& load) { return load.Name(); }, baseline.loads);
}

}  // namespace baseline_internal

const std::vector<std::string>& LoadCurveKeys() {
  static const std::vector<std::string> kKeys = {"offered_rps", "request_tps",
                                                 "output_tps",  "per_user_tps",
                                                 "ttft_ms_p50", "ttft_ms_p99"};
  return kKeys;
}

std::string BaselineLoad::Level() const {
  if (sweep) return "Sweep";
  if (request_rate > 0) return "Rate" + RateText(request_rate);
  return "Conc" + std::to_string(concurrency);
}

std::string BaselineLoad::Name() const {
  return "Isl" + std::to_string(isl) + "Osl" + std::to_string(osl) + Level();
}

const BaselineLoad* Baseline::FindLoad(int64_t isl, int64_t osl,
                                       const std::string& level) const {
  for (const auto& load : loads) {
    if (load.isl == isl && load.osl == osl && load.Level() == level) {
      return &load;
    }
  }
  return nullptr;
}

std::map<Metric, Tolerance> DefaultLoadTolerances() {
  const auto relative = [](double fraction) {
    return Tolerance{Tolerance::Kind::kRelative, fraction};
  };
  return {
      {Metric::kOutputTps, relative(0.10)},
      {Metric::kRequestTps, relative(0.10)},
      {Metric::kPerUserTps, relative(0.10)},
      {Metric::kGoodputRps, relative(0.10)},
      {Metric::kTtftP50Ms, relative(0.25)},
      {Metric::kTtftP99Ms, relative(0.50)},
      {Metric::kTpotP50Ms, relative(0.10)},
      {Metric::kTpotP99Ms, relative(0.25)},
      {Metric::kKneeRps, relative(0.10)},
  };
}

}  // namespace servebench
