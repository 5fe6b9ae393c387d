// The checked reading of a baseline file's values (see baseline_reader.h).
#include "bench/gating/baseline_reader.h"

#include <cmath>
#include <initializer_list>
#include <sstream>

#include "bench/config/toml_check.h"

namespace servebench {
namespace baseline_internal {
namespace {

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

}  // namespace

std::optional<Metric> AnyMetricByName(std::string_view name) {
  if (auto metric = MetricByName(name)) return metric;
  return LoadMetricByName(name);
}

std::string Reader::Where(const toml::node& node) const {
  return servebench::Where(source_, node);
}

Status Reader::Keys(const toml::table& table,
                    const std::vector<std::string>& known,
                    const std::string& section) const {
  return CheckKeys(table, known, source_, section);
}

Status Reader::MetricKeys(const toml::table& table, Scope scope,
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

Error Reader::WrongType(const toml::node& node, std::string_view key,
                        const std::string& section,
                        const std::string& expected) const {
  return Error{Where(node) + ": \"" + std::string(key) + "\" in " + section +
               " is " + Describe(node) + "; expected " + expected};
}

Result<const toml::table*> Reader::SubTable(const toml::table& parent,
                                            const char* key,
                                            const std::string& section,
                                            const std::string& header) const {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return static_cast<const toml::table*>(nullptr);
  if (const auto* table = node->as_table()) return table;
  return WrongType(*node, key, section, "a table (" + header + ")");
}

Status Reader::Text(const toml::table& table, const char* key,
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

Result<int64_t> Reader::WholeNumber(const toml::node& node,
                                    std::string_view key,
                                    const std::string& section,
                                    int64_t minimum) const {
  const auto* value = node.as_integer();
  if (value == nullptr || value->get() < minimum) {
    return WrongType(node, key, section,
                     "a whole number of at least " + std::to_string(minimum));
  }
  return value->get();
}

Result<double> Reader::Figure(const toml::node& node, std::string_view key,
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

Result<std::vector<double>> Reader::FigureList(
    const toml::array& array, std::string_view key,
    const std::string& section) const {
  std::vector<double> values;
  for (const auto& element : array) {
    SB_ASSIGN_OR_RETURN(values.emplace_back(), Figure(element, key, section));
  }
  return values;
}

Status Reader::Figures(const toml::table& table, const std::string& section,
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

Status Reader::Tolerances(const toml::table& table, const std::string& section,
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

Status Reader::Samples(const toml::table& table, const std::string& section,
                       std::map<Metric, std::vector<double>>& out) const {
  for (const auto& [key, node] : table) {
    const Metric metric = *AnyMetricByName(key.str());  // keys checked
    const auto* array = node.as_array();
    if (array == nullptr || array->empty()) {
      return WrongType(node, key.str(), section,
                       "a non-empty list of numbers, e.g. [695.9, 697.1]");
    }
    SB_ASSIGN_OR_RETURN(out[metric], FigureList(*array, key.str(), section));
  }
  return Ok{};
}

Status Reader::Curve(const toml::table& table, const std::string& section,
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
    SB_ASSIGN_OR_RETURN(out[std::string(key.str())],
                        FigureList(*array, key.str(), section));
  }
  return Ok{};
}

Status Reader::IslOsl(const toml::table& entry, const std::string& section,
                      int64_t& isl, int64_t& osl) const {
  for (auto [key, field] :
       std::initializer_list<std::pair<const char*, int64_t*>>{{"isl", &isl},
                                                               {"osl", &osl}}) {
    const toml::node* node = entry.get(key);
    if (node == nullptr) {
      return Error{Where(entry) + ": " + section + " has no \"" + key + "\""};
    }
    SB_ASSIGN_OR_RETURN(*field, WholeNumber(*node, key, section, 1));
  }
  return Ok{};
}

}  // namespace baseline_internal
}  // namespace servebench
