// The sweep's plan, its saturation rule and its run.
#include "bench/load/sweep.h"

#include <algorithm>
#include <cstdio>

#include "bench/base/enum_names.h"
#include "bench/base/summary_stats.h"

namespace servebench {
namespace {

// A rate level's achieved rate must be at least this share of the offered.
constexpr double kMinAchievedShare = 0.8;
// The rate range must be at least this much above the sequential rate.
constexpr double kMinHeadroom = 1.05;

std::string Rate(double rps) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", rps);
  return buf;
}

}  // namespace

constexpr EnumNames<SweepStep, 4> kSweepStepNames({{
    {SweepStep::kRate, "rate"},
    {SweepStep::kSequential, "sequential"},
    {SweepStep::kSaturation, "saturation"},
    {SweepStep::kRefine, "refine"},
}});

const char* SweepStepName(SweepStep step) {
  return kSweepStepNames.Name(step).data();
}

bool TtftGrowing(const std::vector<double>& ttft) {
  if (ttft.size() < 6) return false;
  const size_t third = ttft.size() / 3;
  const std::vector<double> first(ttft.begin(), ttft.begin() + third);
  const std::vector<double> last(ttft.end() - third, ttft.end());
  const double early = *Percentile(first, 50);
  const double late = *Percentile(last, 50);
  return late > 1.5 * early + 10;
}

bool KeptUp(const SweepPoint& p) {
  if (p.failed > 0 || p.ttft_growing || !p.achieved_rps) return false;
  return *p.achieved_rps >= kMinAchievedShare * p.offered_rps;
}

SweepPlanner::SweepPlanner(int points, int refine)
    : points_wanted_(std::max(1, points)), refine_(std::max(0, refine)) {}

std::optional<SweepPlanner::Next> SweepPlanner::Plan() const {
  if (stopped_) return std::nullopt;
  if (points_.empty()) return Next{SweepStep::kSequential};
  if (points_.size() == 1) return Next{SweepStep::kSaturation};
  if (rates_.empty()) return std::nullopt;  // no headroom
  // The rising pass, until a level does not keep up.
  int rate_levels = 0;
  bool failed = false;
  for (const SweepPoint& p : points_) {
    if (p.step != SweepStep::kRate) continue;
    ++rate_levels;
    failed |= !p.kept_up;
  }
  if (!failed && rate_levels < static_cast<int>(rates_.size())) {
    return Next{SweepStep::kRate, rates_[rate_levels]};
  }
  // Bisection between the highest kept-up rate and the lowest that was not.
  int refined = 0;
  for (const SweepPoint& p : points_) refined += p.step == SweepStep::kRefine;
  if (!failed || refined >= refine_) return std::nullopt;
  double low = *Summary().sequential_rps, high = 0;
  for (const SweepPoint& p : points_) {
    if (p.step != SweepStep::kRate && p.step != SweepStep::kRefine) continue;
    if (p.kept_up) {
      low = std::max(low, p.offered_rps);
    } else if (high == 0 || p.offered_rps < high) {
      high = p.offered_rps;
    }
  }
  return Next{SweepStep::kRefine, (low + high) / 2};
}

void SweepPlanner::Record(SweepPoint point) {
  if (point.step == SweepStep::kRate || point.step == SweepStep::kRefine) {
    point.kept_up = KeptUp(point);
  }
  points_.push_back(point);
  if (points_.size() == 1 && !point.achieved_rps) stopped_ = true;
  if (points_.size() != 2) return;
  if (!point.achieved_rps) {
    stopped_ = true;
    return;
  }
  const double sequential = *points_[0].achieved_rps;
  const double saturated = *point.achieved_rps;
  if (saturated < kMinHeadroom * sequential) return;  // no rate levels
  for (int j = 1; j <= points_wanted_; ++j) {
    rates_.push_back(sequential +
                     (saturated - sequential) * j / points_wanted_);
  }
}

SweepSummary SweepPlanner::Summary() const {
  SweepSummary s;
  for (const SweepPoint& p : points_) {
    switch (p.step) {
      case SweepStep::kSequential:
        s.sequential_rps = p.achieved_rps;
        if (p.achieved_rps) {
          s.knee_rps = p.achieved_rps;
          s.knee_output_tps = p.output_tps;
        }
        break;
      case SweepStep::kSaturation:
        s.saturated_rps = p.achieved_rps;
        s.saturated_output_tps = p.output_tps;
        break;
      case SweepStep::kRate:
      case SweepStep::kRefine:
        if (!p.kept_up) {
          s.over_saturated_seen = true;
        } else if (!s.knee_rps || p.offered_rps > *s.knee_rps) {
          s.knee_rps = p.offered_rps;
          s.knee_output_tps = p.output_tps;
        }
        break;
    }
  }
  // Without headroom the server saturates at one stream: that is the knee.
  return s;
}

SweepPoint PointOf(SweepStep step, const LevelOutcome& level) {
  const LoadFigures& f = level.load.figures;
  SweepPoint p;
  p.step = step;
  p.offered_rps = level.plan.offered_rps;
  p.request_tps = f.request_tps;
  p.output_tps = f.output_tps;
  p.per_user_tps = f.per_user_tps;
  if (f.ttft_ms) {
    p.ttft_p50_ms = f.ttft_ms->p50;
    p.ttft_p99_ms = f.ttft_ms->p99;
  }
  p.failed = f.failed;
  double tokens = 0;
  int requests = 0;
  for (const RequestRecord& r : level.load.requests) {
    if (r.warmup || !r.ok()) continue;
    tokens += static_cast<double>(r.figures->completion_tokens);
    ++requests;
  }
  if (f.output_tps && tokens > 0) {
    p.achieved_rps = *f.output_tps / (tokens / requests);
  }
  std::vector<const RequestRecord*> measured;
  for (const RequestRecord& r : level.load.requests) {
    if (!r.warmup && r.ok()) measured.push_back(&r);
  }
  std::sort(measured.begin(), measured.end(),
            [](const RequestRecord* a, const RequestRecord* b) {
              return a->scheduled.value_or(a->started) <
                     b->scheduled.value_or(b->started);
            });
  std::vector<double> ttft;
  for (const RequestRecord* r : measured) ttft.push_back(r->figures->ttft_ms);
  p.ttft_growing = TtftGrowing(ttft);
  return p;
}

SweepOutcome RunSweep(const CaseSpec& spec, const LoadCaseConfig& config,
                      const PreparedPrompts& prepared,
                      PromptSynthesizer& prompts, const ProgressFn& progress) {
  SweepOutcome outcome;
  SweepPlanner planner(spec.load.sweep_points);
  const int saturation_streams = spec.load.max_concurrency > 0
                                     ? spec.load.max_concurrency
                                     : kSweepSaturationStreams;
  const std::optional<Arrivals> arrivals =
      spec.load.arrivals_given ? std::nullopt
                               : std::optional<Arrivals>(Arrivals::kConstant);
  while (std::optional<SweepPlanner::Next> next = planner.Plan()) {
    Result<LevelPlan> plan = Error{""};
    switch (next->step) {
      case SweepStep::kSequential:
        plan = ClosedPlan(spec, config, 1);
        break;
      case SweepStep::kSaturation:
        plan = ClosedPlan(spec, config, saturation_streams);
        break;
      case SweepStep::kRate:
      case SweepStep::kRefine:
        plan = RatePlan(spec, next->rate, arrivals);
        break;
    }
    if (!plan.ok()) {
      outcome.failure = spec.Name() + ": " + plan.error();
      break;
    }
    progress("[" + spec.Name() + "] sweep, " + SweepStepName(next->step) +
             " level");
    Result<LevelOutcome> level =
        RunLevel(spec, *plan, config, prepared, prompts, progress);
    if (!level.ok()) {
      outcome.failure = spec.Name() + ": " + level.error();
      break;
    }
    planner.Record(PointOf(next->step, *level));
    const SweepPoint& point = planner.points().back();
    const bool closed = next->step == SweepStep::kSequential ||
                        next->step == SweepStep::kSaturation;
    if (level->failure && (closed || level->client_invalid)) {
      outcome.failure = *level->failure;
    }
    if (!closed) {
      progress("[" + spec.Name() + "] " + Rate(next->rate) + " req/s " +
               (point.kept_up ? "kept up" : "did not keep up") +
               (point.ttft_growing ? " (TTFT growing)" : ""));
    }
    outcome.levels.push_back(std::move(*level));
    if (outcome.failure) break;
  }
  outcome.points = planner.points();
  outcome.summary = planner.Summary();
  if (outcome.summary.knee_rps) {
    progress("[" + spec.Name() + "] knee at " +
             Rate(*outcome.summary.knee_rps) + " req/s (saturated: " +
             Rate(outcome.summary.saturated_rps.value_or(0)) + " req/s)");
  }
  return outcome;
}

}  // namespace servebench
