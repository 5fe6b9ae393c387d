// Internal to :baseline: the checked reading of a baseline TOML file's parts,
// shared by the file's reader (baseline.cc) and the [[load]] entries' reader
// (baseline_load.cc).
#ifndef SERVEBENCH_BENCH_GATING_BASELINE_READER_H_
#define SERVEBENCH_BENCH_GATING_BASELINE_READER_H_

#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/base/result.h"
#include "bench/gating/baseline.h"
#include "bench/gating/metric.h"

namespace servebench {
namespace baseline_internal {

// Which metrics a table may name: any, a [[case]]'s, the server-wide memory
// facts of [server], or a [[load]] level's.
enum class Scope { kAny, kPerCase, kServer, kLoad };

// Any metric by name: the sequential ones and memory facts, then the load
// level's.
std::optional<Metric> AnyMetricByName(std::string_view name);

// Reads one file; every method reports problems as "source:line: ...".
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  std::string Where(const toml::node& node) const;

  Status Keys(const toml::table& table, const std::vector<std::string>& known,
              const std::string& section) const;

  // Like Keys, but a metric that belongs elsewhere gets told where it goes:
  // memory facts are server-wide, the others are measured per case.
  Status MetricKeys(const toml::table& table, Scope scope,
                    const std::vector<std::string>& other_keys,
                    const std::string& section) const;

  Error WrongType(const toml::node& node, std::string_view key,
                  const std::string& section,
                  const std::string& expected) const;

  // Null when absent. `header` is how the table is written: "[context]".
  Result<const toml::table*> SubTable(const toml::table& parent,
                                      const char* key,
                                      const std::string& section,
                                      const std::string& header) const;

  // Leaves `out` alone when the key is absent.
  Status Text(const toml::table& table, const char* key,
              const std::string& section, std::string& out) const;

  Result<int64_t> WholeNumber(const toml::node& node, std::string_view key,
                              const std::string& section,
                              int64_t minimum) const;

  // Integers are welcome where a figure is expected: 44 means 44.0.
  Result<double> Figure(const toml::node& node, std::string_view key,
                        const std::string& section) const;

  // The metrics among the table's keys (others are the caller's).
  Status Figures(const toml::table& table, const std::string& section,
                 std::map<Metric, double>& out) const;

  // Every key must be a metric (checked by MetricKeys first).
  Status Tolerances(const toml::table& table, const std::string& section,
                    std::map<Metric, Tolerance>& out) const;

  // Every key must be a metric (checked by MetricKeys first).
  Status Samples(const toml::table& table, const std::string& section,
                 std::map<Metric, std::vector<double>>& out) const;

  Status Curve(const toml::table& table, const std::string& section,
               std::map<std::string, std::vector<double>>& out) const;

  // The isl and osl every [[case]] and [[load]] entry must have: whole
  // numbers of at least 1.
  Status IslOsl(const toml::table& entry, const std::string& section,
                int64_t& isl, int64_t& osl) const;

 private:
  // Each element of a list, read by Figure.
  Result<std::vector<double>> FigureList(const toml::array& array,
                                         std::string_view key,
                                         const std::string& section) const;

  std::string source_;
};

// The keys a [[case]] and a [[load]] entry share: label, category, the
// figures of `scope`'s metrics and the overrides in [`kind`.tolerances]
// (`kind` is "case" or "load").
template <typename Entry>
Status ReadSharedKeys(const Reader& r, const toml::table& entry,
                      const std::string& section, Scope scope,
                      const std::string& kind, Entry& out) {
  SB_RETURN_IF_ERROR(r.Text(entry, "label", section, out.label));
  SB_RETURN_IF_ERROR(r.Text(entry, "category", section, out.category));
  SB_RETURN_IF_ERROR(r.Figures(entry, section, out.figures));
  const std::string header = "[" + kind + ".tolerances]";
  SB_ASSIGN_OR_RETURN(const toml::table* tolerances,
                      r.SubTable(entry, "tolerances", section, header));
  if (tolerances == nullptr) return Ok{};
  const std::string tolerances_section = header + " of " + section;
  SB_RETURN_IF_ERROR(r.MetricKeys(*tolerances, scope, {}, tolerances_section));
  return r.Tolerances(*tolerances, tolerances_section, out.tolerances);
}

// How an array of tables is named in messages: [[case]] holds each "case",
// [[load]] each "load level" ("level" for short).
struct EntryKind {
  const char* key;         // "case", "load"
  const char* noun;        // "case", "load level"
  const char* short_noun;  // "case", "level"
};

// Reads each table of the array `kind.key` with
// `read(r, entry, "[[case]] #2")` into `out`, and fails on a table that is not
// one or an entry whose `identity(entry)` repeats an earlier one's.
template <typename T, typename ReadEntry, typename Identity>
Status ReadEntries(const Reader& r, const toml::table& root,
                   const EntryKind& kind, ReadEntry read, Identity identity,
                   std::vector<T>& out) {
  const toml::node* node = root.get(kind.key);
  if (node == nullptr) return Ok{};
  const std::string array = std::string("[[") + kind.key + "]]";
  const toml::array* entries = node->as_array();
  if (entries == nullptr) {
    return Error{r.Where(*node) + ": write each " + kind.noun + " as " + array +
                 " (an array of tables), not [" + kind.key + "]"};
  }
  std::map<std::string, int64_t> first_line;
  for (size_t i = 0; i < entries->size(); ++i) {
    const toml::node& element = *entries->get(i);
    const std::string section = array + " #" + std::to_string(i + 1);
    const toml::table* entry = element.as_table();
    if (entry == nullptr) {
      return Error{r.Where(element) + ": " + section +
                   " is not a table; write each " + kind.short_noun + " as " +
                   array};
    }
    SB_ASSIGN_OR_RETURN(T value, read(r, *entry, section));
    const int64_t line = entry->source().begin.line;
    if (auto [it, fresh] = first_line.insert({identity(value), line}); !fresh) {
      return Error{r.Where(*entry) + ": " + section + " repeats " + it->first +
                   " (first at line " + std::to_string(it->second) + ")"};
    }
    out.push_back(std::move(value));
  }
  return Ok{};
}

// The [[load]] entries into baseline.loads (baseline_load.cc).
Status ReadLoads(const Reader& r, const toml::table& root, Baseline& baseline);

}  // namespace baseline_internal
}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_BASELINE_READER_H_
