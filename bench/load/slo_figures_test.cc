// Goodput, SLO attainment and cache figures on hand-built requests.
#include "bench/load/slo_figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/load/cache_figures.h"
#include "bench/load/clock_at.h"

namespace servebench {
namespace {

using test::At;

RequestRecord Done(double ttft_ms, std::optional<double> tpot_ms,
                   double total_ms, double finished_ms) {
  RequestRecord r;
  RequestFigures f;
  f.ttft_ms = ttft_ms;
  f.tpot_ms = tpot_ms;
  f.total_time_ms = total_ms;
  f.prompt_tokens = 100;
  f.completion_tokens = 10;
  r.figures = f;
  r.finished = At(finished_ms);
  return r;
}

TEST(MeetsSloTest, EveryLimitThatIsSetMustHold) {
  const RequestRecord r = Done(200, 20, 400, 0);
  EXPECT_TRUE(MeetsSlo(r, Slo{}));
  EXPECT_TRUE(MeetsSlo(r, Slo{200, 20, 400}));  // limits are inclusive
  EXPECT_FALSE(MeetsSlo(r, Slo{199, std::nullopt, std::nullopt}));
  EXPECT_FALSE(MeetsSlo(r, Slo{std::nullopt, 19.9, std::nullopt}));
  EXPECT_FALSE(MeetsSlo(r, Slo{std::nullopt, std::nullopt, 399}));
}

TEST(MeetsSloTest, AOneTokenAnswerPassesTheTpotLimitAndAFailureMissesAll) {
  EXPECT_TRUE(
      MeetsSlo(Done(10, std::nullopt, 10, 0), Slo{std::nullopt, 1, {}}));
  RequestRecord failed;
  failed.error = "HTTP 503";
  EXPECT_FALSE(MeetsSlo(failed, Slo{}));
}

TEST(ComputeSloFiguresTest, AttainmentOverMeasuredGoodputOverTheWindow) {
  std::vector<RequestRecord> requests = {
      Done(100, 10, 300, 150),   // good, finished inside
      Done(900, 10, 1100, 400),  // TTFT too slow
      Done(120, 10, 320, 600),   // good, finished after the window
      Done(110, 10, 310, 180),   // good, warm-up
  };
  requests[3].warmup = true;
  RequestRecord failed;
  failed.error = "refused";
  requests.push_back(failed);
  const Slo slo{500, 50, std::nullopt};
  const SteadyWindow window{At(100), At(500)};
  auto open = ComputeSloFigures(requests, window, slo, true);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->measured, 4);
  EXPECT_EQ(open->met, 2);
  EXPECT_DOUBLE_EQ(open->attainment_pct, 50);
  EXPECT_DOUBLE_EQ(*open->goodput_rps, 2 / 0.4);  // 0 and the warm-up 3
  auto closed = ComputeSloFigures(requests, window, slo, false);
  EXPECT_DOUBLE_EQ(*closed->goodput_rps, 1 / 0.4);
}

TEST(ComputeSloFiguresTest, NoLimitsOrNothingMeasuredGiveNoFigures) {
  const std::vector<RequestRecord> requests = {Done(1, 1, 1, 1)};
  EXPECT_FALSE(ComputeSloFigures(requests, std::nullopt, Slo{}, true));
  std::vector<RequestRecord> warm = requests;
  warm[0].warmup = true;
  EXPECT_FALSE(ComputeSloFigures(warm, std::nullopt, Slo{5, {}, {}}, true));
  auto no_window =
      ComputeSloFigures(requests, std::nullopt, Slo{5, {}, {}}, true);
  ASSERT_TRUE(no_window.has_value());
  EXPECT_FALSE(no_window->goodput_rps.has_value());
}

TEST(ComputeCacheFiguresTest, HitRateAndTtftWithAndWithoutHits) {
  std::vector<RequestRecord> requests = {Done(100, 1, 1, 1), Done(30, 1, 1, 1),
                                         Done(40, 1, 1, 1), Done(90, 1, 1, 1)};
  requests[0].figures->cached_tokens = 0;
  requests[1].figures->cached_tokens = 64;
  requests[2].figures->cached_tokens = 80;
  requests[3].figures->cached_tokens = 0;
  auto f = ComputeCacheFigures(requests);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->reported, 4);
  EXPECT_EQ(f->hits, 2);
  EXPECT_DOUBLE_EQ(f->hit_rate_pct, 100.0 * 144 / 400);
  EXPECT_DOUBLE_EQ(*f->ttft_hit_ms_p50, 35);
  EXPECT_DOUBLE_EQ(*f->ttft_miss_ms_p50, 95);
}

TEST(ComputeCacheFiguresTest, AServerThatDoesNotSayGivesNoFigure) {
  EXPECT_FALSE(ComputeCacheFigures({Done(1, 1, 1, 1)}).has_value());
}

}  // namespace
}  // namespace servebench
