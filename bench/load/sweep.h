// A sweep finds a pair's serving curve without hand-picked levels, the way
// GuideLLM's sweep profile does, and stops once the server is
// over-saturated:
//   1. the sequential rate r_seq: a closed loop of one stream;
//   2. the saturated rate r_sat: a closed loop of `saturation_streams`
//      (max_concurrency, else 256), which keeps the server's batch full;
//   3. `points` open-loop levels evenly spaced from r_seq to r_sat
//      (r_seq + j (r_sat − r_seq) / points, j = 1 … points), in rising
//      order, stopping at the first level that does not keep up;
//   4. `refine` bisections between the highest level that kept up and the
//      lowest that did not.
// The knee is the highest offered rate that kept up; knee_output_tps is
// that level's output throughput. Without headroom (r_sat below 1.05 r_seq)
// the sequential level is the knee and no rate level runs.
//
// A rate level keeps up when none of its measured requests failed, its
// achieved rate is at least 80% of the offered rate, and its TTFT
// is not growing: the median TTFT of the last third of its measured
// requests (in arrival order) is at most 1.5 × the first third's + 10 ms.
// Below capacity the queue stays empty and TTFT flat; above it the queue,
// and so TTFT, grows for as long as the level lasts, while throughput gains
// nothing (GuideLLM's over-saturation detection watches the same two
// signals, TTFT and concurrency, for a slope).
//
// Rates are read from output throughput: achieved_rps = output_tps / the
// mean output tokens of the level's requests. Tokens stream continuously,
// so even a short window measures them without the bias that completions
// arriving in batches (a full batch of B finishing together) give a count
// of finished requests.
//
// The planner is pure (it is handed each level's summary); RunSweep drives
// it with real levels.
#ifndef SERVEBENCH_BENCH_LOAD_SWEEP_H_
#define SERVEBENCH_BENCH_LOAD_SWEEP_H_

#include <optional>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/load/load_case.h"

namespace servebench {

inline constexpr int kSweepSaturationStreams = 256;

enum class SweepStep { kSequential, kSaturation, kRate, kRefine };

const char* SweepStepName(SweepStep step);  // "sequential", ...

// What the planner needs of a level.
struct SweepPoint {
  SweepStep step = SweepStep::kSequential;
  double offered_rps = 0;  // rate levels
  std::optional<double> request_tps;
  std::optional<double> achieved_rps;  // output_tps / mean output tokens
  std::optional<double> output_tps;
  std::optional<double> per_user_tps;
  std::optional<double> ttft_p50_ms, ttft_p99_ms;
  int failed = 0;
  bool ttft_growing = false;
  bool kept_up = true;  // set by the planner for rate levels
};

// Whether TTFT grows over a level: `ttft_in_arrival_order` of its measured
// requests, by the rule above (fewer than 6 requests: not judged).
bool TtftGrowing(const std::vector<double>& ttft_in_arrival_order);

// Whether a rate level kept up (the rule above).
bool KeptUp(const SweepPoint& point);

struct SweepSummary {
  std::optional<double> sequential_rps;
  std::optional<double> saturated_rps;
  std::optional<double> saturated_output_tps;
  std::optional<double> knee_rps;
  std::optional<double> knee_output_tps;
  bool over_saturated_seen = false;  // a rate level did not keep up
};

class SweepPlanner {
 public:
  explicit SweepPlanner(int points, int refine = 2);

  struct Next {
    SweepStep step;
    double rate = 0;  // for kRate and kRefine
  };
  // The next level to run, or nullopt when the sweep is done.
  std::optional<Next> Plan() const;
  // The level Plan() asked for has run; rate levels get their kept_up set.
  void Record(SweepPoint point);

  const std::vector<SweepPoint>& points() const { return points_; }
  SweepSummary Summary() const;

 private:
  int points_wanted_;
  int refine_;
  std::vector<SweepPoint> points_;
  std::vector<double> rates_;  // the evenly spaced levels, once known
  bool stopped_ = false;       // a closed level gave nothing to go on
};

struct SweepOutcome {
  std::vector<LevelOutcome> levels;  // in the order they ran
  std::vector<SweepPoint> points;    // one per level
  SweepSummary summary;
  // The sequential or saturation level failed, or the client could not keep
  // up at a level.
  std::optional<std::string> failure;
};

// Runs the sweep for `spec` (its rate levels use constant arrivals unless
// the case sets arrivals).
SweepOutcome RunSweep(const CaseSpec& spec, const LoadCaseConfig& config,
                      const PreparedPrompts& prepared,
                      PromptSynthesizer& prompts, const ProgressFn& progress);

// A level's summary for the planner.
SweepPoint PointOf(SweepStep step, const LevelOutcome& level);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_SWEEP_H_
