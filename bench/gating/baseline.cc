// Reading and checking baseline TOML files (writing: baseline_writer.cc).
#include "bench/gating/baseline.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>

#include "bench/base/files.h"
#include "bench/config/load_spec.h"  // RateText
#include "bench/config/toml_check.h"

namespace servebench {
namespace {

const std::vector<std::string> kRootKeys = {"context", "tolerances", "server",
                                            "case", "load"};
const std::vector<std::string> kContextKeys = {
    "model", "engine",        "engine_version",
    "gpu",   "max_model_len", "gpu_memory_utilization",
    "suite", "recorded_at",   "recorded_from",
    "notes"};

enum class Scope { kAny, kPerCase, kServer, kLoad };

std::vector<std::string> MetricNames(Scope scope) {
  std::vector<std::string> names;
  if (scope != Scope::kLoad) {
    for (const auto& info : AllMetrics()) {
      if (scope == Scope::kAny || info.per_case == (scope == Scope::kPerCase)) {
        names.push_back(info.name);
      }
    }
  }
  if (scope == Scope::kAny || scope == Scope::kLoad) {
    for (const auto& info : LoadMetrics()) names.push_back(info.name);
  }
  return names;
}

// Any metric by name: the sequential ones and memory facts, then the load
// level's.
std::optional<Metric> AnyMetricByName(std::string_view name) {
  if (auto metric = MetricByName(name)) return metric;
  return LoadMetricByName(name);
}

// Reads one file; every method reports problems as "source:line: ...".
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  std::string Where(const toml::node& node) const {
    return servebench::Where(source_, node);
  }

  Status Keys(const toml::table& table, const std::vector<std::string>& known,
              const std::string& section) const {
    return CheckKeys(table, known, source_, section);
  }

  // Like Keys, but a metric that belongs elsewhere gets told where it goes:
  // memory facts are server-wide, the others are measured per case.
  Status MetricKeys(const toml::table& table, Scope scope,
                    const std::vector<std::string>& other_keys,
                    const std::string& section) const {
    std::vector<std::string> known = other_keys;
    for (auto& name : MetricNames(scope)) known.push_back(std::move(name));
    for (const auto& [key, node] : table) {
      const auto metric = MetricByName(key.str());
      if (!metric || scope == Scope::kAny || scope == Scope::kLoad ||
          Info(*metric).per_case == (scope == Scope::kPerCase)) {
        continue;
      }
      return Error{Where(node) + ": unknown key \"" + std::string(key.str()) +
                   "\" in " + section + "; " + std::string(key.str()) +
                   (Info(*metric).per_case
                        ? " is measured per case: give it in a [[case]]"
                        : " is a server-wide memory fact: give it in "
                          "[server] (its tolerance in [tolerances])")};
    }
    return Keys(table, known, section);
  }

  Error WrongType(const toml::node& node, std::string_view key,
                  const std::string& section,
                  const std::string& expected) const {
    return Error{Where(node) + ": \"" + std::string(key) + "\" in " + section +
                 " is " + Describe(node) + "; expected " + expected};
  }

  // Null when absent. `header` is how the table is written: "[context]".
  Result<const toml::table*> SubTable(const toml::table& parent,
                                      const char* key,
                                      const std::string& section,
                                      const std::string& header) const {
    const toml::node* node = parent.get(key);
    if (node == nullptr) return static_cast<const toml::table*>(nullptr);
    if (const auto* table = node->as_table()) return table;
    return WrongType(*node, key, section, "a table (" + header + ")");
  }

  Status Text(const toml::table& table, const char* key,
              const std::string& section, std::string& out) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return Ok{};
    if (const auto* text = node->as_string()) {
      out = text->get();
      return Ok{};
    }
    // An unquoted TOML date-time is what one naturally writes for recorded_at.
    std::ostringstream when;
    if (const auto* v = node->as_date_time()) {
      when << *v;
    } else if (const auto* d = node->as_date()) {
      when << *d;
    } else if (const auto* t = node->as_time()) {
      when << *t;
    }
    if (!when.str().empty()) {
      out = when.str();
      return Ok{};
    }
    return WrongType(*node, key, section, "a string");
  }

  Result<int64_t> WholeNumber(const toml::node& node, std::string_view key,
                              const std::string& section,
                              int64_t minimum) const {
    const auto* value = node.as_integer();
    if (value == nullptr || value->get() < minimum) {
      return WrongType(node, key, section,
                       "a whole number of at least " + std::to_string(minimum));
    }
    return value->get();
  }

  // Integers are welcome where a figure is expected: 44 means 44.0.
  Result<double> Figure(const toml::node& node, std::string_view key,
                        const std::string& section) const {
    double value = 0;
    if (const auto* i = node.as_integer()) {
      value = static_cast<double>(i->get());
    } else if (const auto* f = node.as_floating_point()) {
      value = f->get();
    } else {
      return WrongType(node, key, section, "a number");
    }
    const std::optional<Metric> metric = MetricByName(key);
    const bool signed_figure = metric && Info(*metric).can_be_negative;
    if (!std::isfinite(value) || (value < 0 && !signed_figure)) {
      return WrongType(
          node, key, section,
          signed_figure ? "a finite number" : "a finite number of at least 0");
    }
    return value;
  }

  Status Figures(const toml::table& table, const std::string& section,
                 std::map<Metric, double>& out) const {
    for (const auto& [key, node] : table) {
      const auto metric = AnyMetricByName(key.str());
      if (!metric) continue;  // the caller's other keys
      auto value = Figure(node, key.str(), section);
      if (!value.ok()) return value;
      out[*metric] = *value;
    }
    return Ok{};
  }

  Status Tolerances(const toml::table& table, const std::string& section,
                    std::map<Metric, Tolerance>& out) const {
    for (const auto& [key, node] : table) {
      const MetricInfo& info = Info(*AnyMetricByName(key.str()));  // checked
      const auto* text = node.as_string();
      if (text == nullptr) {
        return WrongType(
            node, key.str(), section,
            std::string("a string such as \"5%\" or \"2 ") + info.unit + "\"");
      }
      auto tolerance = ParseTolerance(text->get(), info);
      if (!tolerance.ok()) return Error{Where(node) + ": " + tolerance.error()};
      out[info.metric] = *tolerance;
    }
    return Ok{};
  }

  Status Samples(const toml::table& table, const std::string& section,
                 std::map<Metric, std::vector<double>>& out) const {
    for (const auto& [key, node] : table) {
      const Metric metric = *AnyMetricByName(key.str());  // keys checked
      const auto* array = node.as_array();
      if (array == nullptr || array->empty()) {
        return WrongType(node, key.str(), section,
                         "a non-empty list of numbers, e.g. [695.9, 697.1]");
      }
      std::vector<double> values;
      for (const auto& element : *array) {
        auto value = Figure(element, key.str(), section);
        if (!value.ok()) return value;
        values.push_back(*value);
      }
      out[metric] = std::move(values);
    }
    return Ok{};
  }

  Status Curve(const toml::table& table, const std::string& section,
               std::map<std::string, std::vector<double>>& out) const {
    std::optional<size_t> length;
    for (const auto& [key, node] : table) {
      const auto* array = node.as_array();
      if (array == nullptr || array->empty()) {
        return WrongType(node, key.str(), section,
                         "a non-empty list of numbers, one per level");
      }
      if (length && *length != array->size()) {
        return Error{Where(node) + ": \"" + std::string(key.str()) + "\" in " +
                     section + " has " + std::to_string(array->size()) +
                     " values; every curve must have one per level (" +
                     std::to_string(*length) + ")"};
      }
      length = array->size();
      std::vector<double> values;
      for (const auto& element : *array) {
        auto value = Figure(element, key.str(), section);
        if (!value.ok()) return value;
        values.push_back(*value);
      }
      out[std::string(key.str())] = std::move(values);
    }
    return Ok{};
  }

 private:
  std::string source_;
};

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
                              const std::string& section,
                              const std::string& source) {
  SB_RETURN_IF_ERROR(r.MetricKeys(
      entry, Scope::kPerCase,
      {"isl", "osl", "label", "category", "tolerances", "samples"}, section));
  BaselineCase c;
  for (auto [key, field] :
       std::initializer_list<std::pair<const char*, int64_t*>>{
           {"isl", &c.isl}, {"osl", &c.osl}}) {
    const toml::node* node = entry.get(key);
    if (node == nullptr) {
      return Error{source + ":" + std::to_string(entry.source().begin.line) +
                   ": " + section + " has no \"" + key + "\""};
    }
    auto value = r.WholeNumber(*node, key, section, 1);
    if (!value.ok()) return value;
    *field = *value;
  }
  SB_RETURN_IF_ERROR(r.Text(entry, "label", section, c.label));
  SB_RETURN_IF_ERROR(r.Text(entry, "category", section, c.category));
  SB_RETURN_IF_ERROR(r.Figures(entry, section, c.figures));
  const std::string tolerances_section = "[case.tolerances] of " + section;
  auto tolerances =
      r.SubTable(entry, "tolerances", section, "[case.tolerances]");
  if (!tolerances.ok()) return tolerances;
  if (*tolerances != nullptr) {
    SB_RETURN_IF_ERROR(
        r.MetricKeys(**tolerances, Scope::kPerCase, {}, tolerances_section));
    SB_RETURN_IF_ERROR(
        r.Tolerances(**tolerances, tolerances_section, c.tolerances));
  }
  const std::string samples_section = "[case.samples] of " + section;
  auto samples = r.SubTable(entry, "samples", section, "[case.samples]");
  if (!samples.ok()) return samples;
  if (*samples != nullptr) {
    SB_RETURN_IF_ERROR(
        r.MetricKeys(**samples, Scope::kPerCase, {}, samples_section));
    SB_RETURN_IF_ERROR(r.Samples(**samples, samples_section, c.samples));
  }
  return c;
}

Result<BaselineLoad> ReadLoad(const Reader& r, const toml::table& entry,
                              const std::string& section,
                              const std::string& source) {
  SB_RETURN_IF_ERROR(
      r.MetricKeys(entry, Scope::kLoad,
                   {"isl", "osl", "concurrency", "request_rate", "sweep",
                    "label", "category", "tolerances", "curve"},
                   section));
  BaselineLoad load;
  for (auto [key, field] :
       std::initializer_list<std::pair<const char*, int64_t*>>{
           {"isl", &load.isl}, {"osl", &load.osl}}) {
    const toml::node* node = entry.get(key);
    if (node == nullptr) {
      return Error{source + ":" + std::to_string(entry.source().begin.line) +
                   ": " + section + " has no \"" + key + "\""};
    }
    auto value = r.WholeNumber(*node, key, section, 1);
    if (!value.ok()) return value;
    *field = *value;
  }
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
  SB_RETURN_IF_ERROR(r.Text(entry, "label", section, load.label));
  SB_RETURN_IF_ERROR(r.Text(entry, "category", section, load.category));
  SB_RETURN_IF_ERROR(r.Figures(entry, section, load.figures));
  const std::string tolerances_section = "[load.tolerances] of " + section;
  auto tolerances =
      r.SubTable(entry, "tolerances", section, "[load.tolerances]");
  if (!tolerances.ok()) return tolerances;
  if (*tolerances != nullptr) {
    SB_RETURN_IF_ERROR(
        r.MetricKeys(**tolerances, Scope::kLoad, {}, tolerances_section));
    SB_RETURN_IF_ERROR(
        r.Tolerances(**tolerances, tolerances_section, load.tolerances));
  }
  const std::string curve_section = "[load.curve] of " + section;
  auto curve = r.SubTable(entry, "curve", section, "[load.curve]");
  if (!curve.ok()) return curve;
  if (*curve != nullptr) {
    SB_RETURN_IF_ERROR(r.Keys(**curve, LoadCurveKeys(), curve_section));
    SB_RETURN_IF_ERROR(r.Curve(**curve, curve_section, load.curve));
  }
  return load;
}

Status ReadLoads(const Reader& r, const toml::table& root,
                 const std::string& source, Baseline& baseline) {
  const toml::node* loads = root.get("load");
  if (loads == nullptr) return Ok{};
  const toml::array* entries = loads->as_array();
  if (entries == nullptr) {
    return Error{r.Where(*loads) +
                 ": write each load level as [[load]] (an array of tables), "
                 "not [load]"};
  }
  std::map<std::string, int64_t> first_line;
  for (size_t i = 0; i < entries->size(); ++i) {
    const toml::node& node = *entries->get(i);
    const std::string section = "[[load]] #" + std::to_string(i + 1);
    const toml::table* entry = node.as_table();
    if (entry == nullptr) {
      return Error{r.Where(node) + ": " + section +
                   " is not a table; write each level as [[load]]"};
    }
    SB_ASSIGN_OR_RETURN(BaselineLoad load,
                        ReadLoad(r, *entry, section, source));
    const int64_t line = entry->source().begin.line;
    if (auto [it, fresh] = first_line.insert({load.Name(), line}); !fresh) {
      return Error{r.Where(*entry) + ": " + section + " repeats " +
                   load.Name() + " (first at line " +
                   std::to_string(it->second) + ")"};
    }
    baseline.loads.push_back(std::move(load));
  }
  return Ok{};
}

}  // namespace

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

std::map<Metric, Tolerance> Baseline::TolerancesFor(
    const BaselineLoad& load) const {
  std::map<Metric, Tolerance> result = DefaultLoadTolerances();
  for (const auto& [metric, tolerance] : tolerances) result[metric] = tolerance;
  for (const auto& [metric, tolerance] : load.tolerances) {
    result[metric] = tolerance;
  }
  return result;
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

std::string BaselineCase::Name() const {
  return "Isl" + std::to_string(isl) + "Osl" + std::to_string(osl);
}

const BaselineCase* Baseline::FindCase(int64_t isl, int64_t osl) const {
  for (const auto& c : cases) {
    if (c.isl == isl && c.osl == osl) return &c;
  }
  return nullptr;
}

std::map<Metric, Tolerance> Baseline::TolerancesFor(
    const BaselineCase* c) const {
  std::map<Metric, Tolerance> result = DefaultTolerances();
  for (const auto& [metric, tolerance] : tolerances) result[metric] = tolerance;
  if (c != nullptr) {
    for (const auto& [metric, tolerance] : c->tolerances) {
      result[metric] = tolerance;
    }
  }
  return result;
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
  // Some text crashes Debian's TOML++ 3.3.0: it must not reach toml::parse.
  SB_RETURN_IF_ERROR(CheckTomlText(toml_text, source));
  toml::parse_result parsed = toml::parse(toml_text, source);
  if (!parsed) {
    const auto& error = parsed.error();
    return Error{source + ":" + std::to_string(error.source().begin.line) +
                 ": " + std::string(error.description())};
  }
  const toml::table& root = parsed.table();
  const Reader r(source);
  SB_RETURN_IF_ERROR(r.Keys(root, kRootKeys, "the file"));
  Baseline baseline;
  baseline.source = source;

  auto context = r.SubTable(root, "context", "the file", "[context]");
  if (!context.ok()) return context;
  if (*context != nullptr) {
    SB_RETURN_IF_ERROR(ReadContext(r, **context, baseline.context));
  }

  auto tolerances = r.SubTable(root, "tolerances", "the file", "[tolerances]");
  if (!tolerances.ok()) return tolerances;
  if (*tolerances != nullptr) {
    SB_RETURN_IF_ERROR(
        r.MetricKeys(**tolerances, Scope::kAny, {}, "[tolerances]"));
    SB_RETURN_IF_ERROR(
        r.Tolerances(**tolerances, "[tolerances]", baseline.tolerances));
  }

  auto server = r.SubTable(root, "server", "the file", "[server]");
  if (!server.ok()) return server;
  if (*server != nullptr) {
    SB_RETURN_IF_ERROR(r.MetricKeys(**server, Scope::kServer, {}, "[server]"));
    SB_RETURN_IF_ERROR(r.Figures(**server, "[server]", baseline.server));
  }

  SB_RETURN_IF_ERROR(ReadLoads(r, root, source, baseline));
  const toml::node* cases = root.get("case");
  if (cases == nullptr) return baseline;
  const toml::array* entries = cases->as_array();
  if (entries == nullptr) {
    return Error{r.Where(*cases) +
                 ": write each case as [[case]] (an array of tables), not "
                 "[case]"};
  }
  std::map<std::pair<int64_t, int64_t>, int64_t> first_line;
  for (size_t i = 0; i < entries->size(); ++i) {
    const toml::node& node = *entries->get(i);
    const std::string section = "[[case]] #" + std::to_string(i + 1);
    const toml::table* entry = node.as_table();
    if (entry == nullptr) {
      return Error{r.Where(node) + ": " + section +
                   " is not a table; write each case as [[case]]"};
    }
    auto c = ReadCase(r, *entry, section, source);
    if (!c.ok()) return c;
    const int64_t line = entry->source().begin.line;
    if (auto [it, fresh] = first_line.insert({{c->isl, c->osl}, line});
        !fresh) {
      return Error{r.Where(*entry) + ": " + section + " repeats ISL " +
                   std::to_string(c->isl) + " / OSL " + std::to_string(c->osl) +
                   " (first at line " + std::to_string(it->second) + ")"};
    }
    baseline.cases.push_back(std::move(*c));
  }
  return baseline;
}

Result<Baseline> LoadBaseline(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    return Error{text.error() + "; is it the baseline you meant?"};
  }
  return ParseBaseline(*text, path);
}

}  // namespace servebench
