// The one mapping from load outcomes to recorded figure names.
#include "suites/load_properties.h"

#include "bench/base/enum_names.h"
#include "bench/base/text_format.h"

namespace servebench {
namespace {

void Add(NamedFigures& out, const std::string& name,
         const std::optional<double>& value) {
  if (value) out.emplace_back(name, *value);
}

void AddQuantiles(NamedFigures& out, const std::string& name,
                  const std::optional<Quantiles>& q, bool with_p90) {
  if (!q) return;
  out.emplace_back(name + "_p50", q->p50);
  if (with_p90) out.emplace_back(name + "_p90", q->p90);
  out.emplace_back(name + "_p99", q->p99);
}

constexpr EnumNames<LoadMode, 4> kModeNames({{
    {LoadMode::kConcurrency, "closed"},
    {LoadMode::kSequential, "sequential"},
    {LoadMode::kRate, "rate"},
    {LoadMode::kSweep, "sweep"},
}});

const char* ModeName(LoadMode mode) { return kModeNames.Name(mode).data(); }

}  // namespace

NamedFigures LevelFigures(const LevelOutcome& level) {
  const LoadFigures& f = level.load.figures;
  NamedFigures out;
  Add(out, "output_tps", f.output_tps);
  Add(out, "request_tps", f.request_tps);
  Add(out, "per_user_tps", f.per_user_tps);
  if (level.slo) {
    Add(out, "goodput_rps", level.slo->goodput_rps);
    out.emplace_back("slo_attainment_pct", level.slo->attainment_pct);
  }
  if (level.plan.open_loop) {
    out.emplace_back("offered_rps", level.plan.offered_rps);
    Add(out, "scheduled_rps", f.scheduled_rps);
    Add(out, "sent_rps", f.sent_rps);
    AddQuantiles(out, "send_lag_ms", f.send_lag_ms, false);
    out.emplace_back("client_send_lag_p99_ms",
                     level.load.client.dispatch_lag_p99_ms);
  }
  AddQuantiles(out, "ttft_ms", f.ttft_ms, true);
  AddQuantiles(out, "tpot_ms", f.tpot_ms, true);
  AddQuantiles(out, "itl_ms", f.itl_ms, true);
  AddQuantiles(out, "e2e_ms", f.e2e_ms, true);
  if (level.cache) {
    out.emplace_back("cache_hit_rate_pct", level.cache->hit_rate_pct);
    out.emplace_back("cache_hits", level.cache->hits);
    Add(out, "ttft_hit_ms_p50", level.cache->ttft_hit_ms_p50);
    Add(out, "ttft_miss_ms_p50", level.cache->ttft_miss_ms_p50);
  }
  return out;
}

NamedFigures SweepFigures(const SweepOutcome& sweep) {
  const SweepSummary& s = sweep.summary;
  NamedFigures out;
  Add(out, "sequential_rps", s.sequential_rps);
  Add(out, "saturated_rps", s.saturated_rps);
  Add(out, "saturated_output_tps", s.saturated_output_tps);
  Add(out, "knee_rps", s.knee_rps);
  Add(out, "knee_output_tps", s.knee_output_tps);
  // The saturated throughput is the sweep's output_tps (what is gated).
  Add(out, "output_tps", s.saturated_output_tps);
  out.emplace_back("sweep_levels", static_cast<double>(sweep.points.size()));
  for (size_t i = 0; i < sweep.points.size() && i < sweep.levels.size(); ++i) {
    const SweepPoint& p = sweep.points[i];
    const LevelPlan& plan = sweep.levels[i].plan;
    const std::string prefix = "level" + std::to_string(i + 1) + "_";
    if (plan.open_loop) {
      out.emplace_back(prefix + "offered_rps", plan.offered_rps);
    } else {
      out.emplace_back(prefix + "streams", plan.streams);
    }
    Add(out, prefix + "request_tps", p.request_tps);
    Add(out, prefix + "achieved_rps", p.achieved_rps);
    Add(out, prefix + "output_tps", p.output_tps);
    Add(out, prefix + "per_user_tps", p.per_user_tps);
    Add(out, prefix + "ttft_ms_p50", p.ttft_p50_ms);
    Add(out, prefix + "ttft_ms_p99", p.ttft_p99_ms);
    out.emplace_back(prefix + "kept_up", p.kept_up ? 1 : 0);
  }
  return out;
}

Properties LoadLevelProperties(const CaseRecord& record,
                               const LevelOutcome& level) {
  const LoadResult& load = level.load;
  Properties out;
  if (!level.plan.open_loop) {
    out.push_back({"concurrency", std::to_string(level.plan.streams)});
  }
  out.push_back({"requests", std::to_string(load.figures.measured)});
  out.push_back({"failed_requests", std::to_string(load.figures.failed)});
  out.push_back({"max_in_flight", std::to_string(load.max_in_flight)});
  for (const auto& [name, value] : record.server_figures) {
    out.push_back({name, Fixed(value, ServerFigureDecimals(name))});
  }
  out.push_back({"client_lag_p99_ms", Fixed(load.client.lag_p99_ms, 3)});
  out.push_back({"client_cpu_pct", Fixed(load.client.cpu_fraction * 100, 1)});
  return out;
}

Properties LoadDescriptionProperties(const CaseSpec& spec) {
  Properties out;
  out.push_back({"level", spec.Level()});
  out.push_back({"mode", ModeName(spec.mode())});
  const LoadSpec& load = spec.load;
  if (spec.mode() == LoadMode::kRate || spec.mode() == LoadMode::kSweep) {
    const Arrivals arrivals =
        spec.mode() == LoadMode::kSweep && !load.arrivals_given
            ? Arrivals::kConstant
            : load.arrivals;
    out.push_back({"arrivals", ArrivalsName(arrivals)});
    if (arrivals == Arrivals::kGamma) {
      out.push_back({"burstiness", Compact(load.burstiness)});
    }
    out.push_back({"arrival_seed", std::to_string(load.seed)});
    if (load.max_concurrency > 0) {
      out.push_back({"max_concurrency", std::to_string(load.max_concurrency)});
    }
  }
  if (load.prefix_tokens > 0) {
    out.push_back({"prefix_tokens", std::to_string(load.prefix_tokens)});
    out.push_back({"prefix_group", std::to_string(load.prefix_group)});
  }
  if (load.turns > 1) out.push_back({"turns", std::to_string(load.turns)});
  if (load.slo.any()) out.push_back({"slo", load.slo.Describe()});
  return out;
}

}  // namespace servebench
