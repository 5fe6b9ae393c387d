// Markdown tables per regime.
#include "tools/report/markdown_table.h"

#include <vector>

#include "tools/report/format.h"
#include "tools/report/regimes.h"
#include "tools/report/table_cells.h"

namespace servebench::report {
namespace {

struct Column {
  std::string header;
  bool numeric;
};

std::string DeltaCell(const Reference& reference, const RunCase& c,
                      Metric metric) {
  return DeltaCellAt(reference.deltas, Pair{c.isl, c.osl}, metric);
}

std::string ActualCell(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : "n/a";
}

}  // namespace

std::string RegimeTables(const RunRecord& run, const Reference* reference) {
  const bool deltas = reference != nullptr;
  // Figures with a Δ% column after them when there is a reference.
  const std::vector<std::pair<Metric, const char*>> kFigures = {
      {Metric::kDecodeTps, "Decode"}, {Metric::kTpotMs, "TPOT"}};
  std::vector<std::pair<Metric, const char*>> late_figures = {
      {Metric::kTtftMs, "TTFT"}, {Metric::kE2eTps, "E2E"}};
  // Energy only when measured: most runs have no GPU source.
  for (const RunCase& c : run.cases) {
    if (c.means.count(Metric::kEnergyPerOutputTokenJ) != 0) {
      late_figures.push_back({Metric::kEnergyPerOutputTokenJ, "Energy"});
      break;
    }
  }

  std::vector<Column> columns = {
      {"ISL", true}, {"OSL", true}, {"Label", false}};
  auto add_figures = [&](const auto& figures) {
    for (const auto& [metric, title] : figures) {
      columns.push_back(
          {std::string(title) + " (" + Info(metric).unit + ")", true});
      if (deltas) columns.push_back({std::string(title) + " \u0394%", true});
    }
  };
  add_figures(kFigures);
  for (Metric m :
       {Metric::kModelMemoryGib, Metric::kKvCacheGib, Metric::kKvCacheTokens}) {
    columns.push_back({MemoryTitle(m), true});
  }
  add_figures(late_figures);
  columns.push_back({"ISL actual", true});
  columns.push_back({"OSL actual", true});
  columns.push_back({"Status", false});

  std::vector<std::string> header, rule;
  for (const Column& column : columns) {
    header.push_back(column.header);
    rule.push_back(column.numeric ? "---:" : "---");
  }
  const std::string model_memory = FormatMetric(
      Metric::kModelMemoryGib, Find(run.server, Metric::kModelMemoryGib));
  const std::string kv_gib =
      FormatMetric(Metric::kKvCacheGib, Find(run.server, Metric::kKvCacheGib));
  const std::string kv_tokens = FormatMetric(
      Metric::kKvCacheTokens, Find(run.server, Metric::kKvCacheTokens));

  std::string out;
  for (const RegimeGroup& group : GroupByRegime(run)) {
    out +=
        "### " + group.title + "\n\n" + MarkdownRow(header) + MarkdownRow(rule);
    for (const RunCase* c : group.cases) {
      std::vector<std::string> cells = {std::to_string(c->isl),
                                        std::to_string(c->osl),
                                        MarkdownCell(c->label)};
      auto figure_cells = [&](const auto& figures) {
        for (const auto& [metric, title] : figures) {
          cells.push_back(FormatMetric(metric, Find(c->means, metric)));
          if (deltas) cells.push_back(DeltaCell(*reference, *c, metric));
        }
      };
      figure_cells(kFigures);
      cells.insert(cells.end(), {model_memory, kv_gib, kv_tokens});
      figure_cells(late_figures);
      cells.push_back(ActualCell(c->isl_actual));
      cells.push_back(ActualCell(c->osl_actual));
      cells.push_back(StatusCell(*c));
      out += MarkdownRow(cells);
    }
    out += "\n";
  }
  return out;
}

}  // namespace servebench::report
