// Key checks and message helpers for TOML++ tables.
#include "bench/config/toml_check.h"

#include <algorithm>
#include <sstream>

namespace servebench {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min(
          {row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string NearestKey(const std::string& name,
                       const std::vector<std::string>& known) {
  std::string nearest;
  size_t best = 3;  // suggest only close names
  for (const auto& candidate : known) {
    const size_t d = EditDistance(name, candidate);
    if (d < best) best = d, nearest = candidate;
  }
  if (!nearest.empty()) return nearest;
  // A name written without its unit suffix: "ttft" for "ttft_ms".
  for (const auto& candidate : known) {
    if (candidate.rfind(name + "_", 0) == 0) return candidate;
  }
  return nearest;
}

std::string Where(const std::string& source, const toml::node& node) {
  return source + ":" + std::to_string(node.source().begin.line);
}

std::string Describe(const toml::node& node) {
  if (const auto* v = node.as_integer()) return std::to_string(v->get());
  if (const auto* v = node.as_floating_point()) {
    std::ostringstream out;
    out << v->get();
    return out.str();
  }
  if (const auto* v = node.as_string()) return "\"" + v->get() + "\"";
  if (const auto* v = node.as_boolean()) return v->get() ? "true" : "false";
  std::ostringstream type;
  type << node.type();  // "array", "table", "date-time", ...
  const std::string name = type.str();
  const bool vowel = name.find_first_of("aeiou") == 0;
  return (vowel ? "an " : "a ") + name;
}

Status CheckKeys(const toml::table& table,
                 const std::vector<std::string>& known,
                 const std::string& source, const std::string& section) {
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string nearest = NearestKey(name, known);
    std::string known_list;
    for (const auto& k : known) {
      known_list += (known_list.empty() ? "" : ", ") + k;
    }
    return Error{
        Where(source, node) + ": unknown key \"" + name + "\" in " + section +
        (nearest.empty() ? "" : " (did you mean \"" + nearest + "\"?)") +
        "; known keys: " + known_list};
  }
  return Ok{};
}

}  // namespace servebench
