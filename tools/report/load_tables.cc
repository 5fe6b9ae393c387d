// Markdown for load levels and sweeps.
#include "tools/report/load_tables.h"

#include <set>
#include <vector>

#include "tools/report/format.h"
#include "tools/report/table_cells.h"

namespace servebench::report {
namespace {

std::string Cell(std::optional<double> value, int decimals = 1) {
  return FixedOr(value, decimals);
}

std::string DeltaCell(const LevelReference& ref, const RunCase& c,
                      Metric metric) {
  return DeltaCellAt(ref.deltas, LevelKey{c.isl, c.osl, c.level}, metric);
}

std::string LevelTable(const std::vector<const RunCase*>& levels,
                       const LevelReference* ref) {
  struct Column {
    std::string title;
    std::optional<Metric> delta;  // a Δ% column follows with a reference
  };
  const std::vector<Column> columns = {{"Level", {}},
                                       {"Offered req/s", {}},
                                       {"Sent req/s", {}},
                                       {"Achieved req/s", Metric::kRequestTps},
                                       {"Output tok/s", Metric::kOutputTps},
                                       {"Per-user tok/s", Metric::kPerUserTps},
                                       {"Goodput req/s", Metric::kGoodputRps},
                                       {"SLO met %", {}},
                                       {"TTFT p50 ms", Metric::kTtftP50Ms},
                                       {"TTFT p99 ms", Metric::kTtftP99Ms},
                                       {"TPOT p50 ms", Metric::kTpotP50Ms},
                                       {"TPOT p99 ms", Metric::kTpotP99Ms},
                                       {"Send lag p99 ms", {}},
                                       {"Status", {}}};
  std::vector<std::string> header, rule;
  for (const Column& column : columns) {
    header.push_back(column.title);
    rule.push_back(
        column.title == "Level" || column.title == "Status" ? "---" : "---:");
    if (ref != nullptr && column.delta) {
      header.push_back("\u0394%");
      rule.push_back("---:");
    }
  }
  std::string out = MarkdownRow(header) + MarkdownRow(rule);
  for (const RunCase* c : levels) {
    std::vector<std::string> cells;
    const auto figure = [&](const Column& column, std::string text) {
      cells.push_back(std::move(text));
      if (ref != nullptr && column.delta) {
        cells.push_back(DeltaCell(*ref, *c, *column.delta));
      }
    };
    const auto metric = [&](Metric m) {
      return Cell(Find(c->load, m),
                  m == Metric::kTpotP50Ms || m == Metric::kTpotP99Ms ||
                          m == Metric::kRequestTps || m == Metric::kGoodputRps
                      ? 2
                      : 1);
    };
    for (const Column& column : columns) {
      if (column.title == "Level") {
        figure(column, c->level);
      } else if (column.title == "Offered req/s") {
        figure(column, Cell(NamedFigure(*c, "offered_rps"), 2));
      } else if (column.title == "Sent req/s") {
        figure(column, Cell(NamedFigure(*c, "sent_rps"), 2));
      } else if (column.title == "SLO met %") {
        figure(column, Cell(NamedFigure(*c, "slo_attainment_pct")));
      } else if (column.title == "Send lag p99 ms") {
        figure(column, Cell(NamedFigure(*c, "send_lag_ms_p99"), 2));
      } else if (column.title == "Status") {
        figure(column, StatusCell(*c));
      } else {
        figure(column, metric(*column.delta));
      }
    }
    out += MarkdownRow(cells);
  }
  return out + "\n";
}

std::string SweepTable(const RunCase& sweep, const LevelReference* ref) {
  std::string out =
      "Sweep: knee at " + Cell(NamedFigure(sweep, "knee_rps"), 2) + " req/s (" +
      Cell(NamedFigure(sweep, "knee_output_tps")) + " tok/s); sequential " +
      Cell(NamedFigure(sweep, "sequential_rps"), 2) + " req/s, saturated " +
      Cell(NamedFigure(sweep, "saturated_rps"), 2) + " req/s (" +
      Cell(NamedFigure(sweep, "saturated_output_tps")) + " tok/s)";
  if (ref != nullptr) {
    out += "; knee \u0394% " + DeltaCell(*ref, sweep, Metric::kKneeRps) +
           ", saturated output \u0394% " +
           DeltaCell(*ref, sweep, Metric::kOutputTps);
  }
  out += ". " + StatusCell(sweep) + "\n\n";
  out +=
      MarkdownRow({"Step", "Offered", "Achieved req/s", "Output tok/s",
                   "Per-user tok/s", "TTFT p50 ms", "TTFT p99 ms", "Kept up"});
  out += MarkdownRow(
      {"---", "---:", "---:", "---:", "---:", "---:", "---:", "---"});
  for (int k = 1;; ++k) {
    const std::string p = "level" + std::to_string(k) + "_";
    const std::optional<double> achieved =
        NamedFigure(sweep, p + "achieved_rps");
    const std::optional<double> output = NamedFigure(sweep, p + "output_tps");
    if (!achieved && !output) break;
    const std::optional<double> offered = NamedFigure(sweep, p + "offered_rps");
    const std::optional<double> streams = NamedFigure(sweep, p + "streams");
    const std::optional<double> kept = NamedFigure(sweep, p + "kept_up");
    const std::string level = offered ? Cell(offered, 2) + " req/s"
                              : streams && *streams == 1
                                  ? std::string("1 stream")
                                  : Cell(streams, 0) + " streams";
    out +=
        MarkdownRow({std::to_string(k), level, Cell(achieved, 2), Cell(output),
                     Cell(NamedFigure(sweep, p + "per_user_tps")),
                     Cell(NamedFigure(sweep, p + "ttft_ms_p50")),
                     Cell(NamedFigure(sweep, p + "ttft_ms_p99")),
                     kept ? (*kept > 0 ? "yes" : "no") : "n/a"});
  }
  return out + "\n";
}

std::string CacheLines(const std::vector<const RunCase*>& levels) {
  std::string out;
  for (const RunCase* c : levels) {
    const std::optional<double> rate = NamedFigure(*c, "cache_hit_rate_pct");
    if (!rate || !c->figures.count("cache_hits") ||
        c->figures.at("cache_hits") == 0) {
      continue;
    }
    out += "- " + c->level + ": prefix cache served " + Cell(rate) +
           "% of prompt tokens (usage)";
    if (auto server = NamedFigure(*c, "server_prefix_cache_hit_rate_pct")) {
      out += ", " + Cell(server) + "% by the server's counters";
    }
    out += "; TTFT p50 " + Cell(NamedFigure(*c, "ttft_hit_ms_p50")) +
           " ms with a hit, " + Cell(NamedFigure(*c, "ttft_miss_ms_p50")) +
           " ms without\n";
  }
  return out.empty() ? out : out + "\n";
}

}  // namespace

std::string LoadSection(const RunRecord& run, const LevelReference* ref) {
  std::vector<Pair> pairs;
  std::set<Pair> seen;
  for (const RunCase& c : run.cases) {
    if (c.is_load() && seen.insert({c.isl, c.osl}).second) {
      pairs.push_back({c.isl, c.osl});
    }
  }
  if (pairs.empty()) return "";
  std::string out =
      "## Load\n\nRate levels measure every latency from each request's "
      "scheduled send time, so time a request waited in the client counts. "
      "Achieved and output rates are over the level's window (closed loop: "
      "the steady state; rate level: from the first measured arrival to the "
      "last arrival).\n\n";
  for (const Pair& pair : pairs) {
    out += "### ISL " + std::to_string(pair.first) + " / OSL " +
           std::to_string(pair.second) + "\n\n";
    std::vector<const RunCase*> levels;
    const RunCase* sweep = nullptr;
    for (const RunCase& c : run.cases) {
      if (!c.is_load() || c.isl != pair.first || c.osl != pair.second) continue;
      if (c.level == "Sweep") {
        sweep = &c;
      } else {
        levels.push_back(&c);
      }
    }
    if (!levels.empty()) out += LevelTable(levels, ref) + CacheLines(levels);
    if (sweep != nullptr) out += SweepTable(*sweep, ref);
  }
  if (ref != nullptr) {
    out += "### Load against " + ref->kind + " `" + ref->name + "`\n\n";
    if (ref->regressions.empty()) {
      out += "- No load level is worse than the " + ref->kind + " allows.\n";
    }
    for (const std::string& line : ref->regressions) {
      out += "- \u26a0 " + MarkdownCell(line) + "\n";
    }
    for (const std::string& name : ref->missing) {
      out += "- " + name + " is in the " + ref->kind + " but not in this run\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace servebench::report
