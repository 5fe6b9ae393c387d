// The load keys of a suite file: how a pair is loaded beyond the seed's
// sequential runs. Each may be written in [suite] (for every case) or in a
// [[case]] (for that pair), the case's value winning key by key; SLO limits
// live in [suite.slo] and [case.slo].
//
//   concurrency = [1, 8, 32]    closed-loop levels (streams in flight)
//   request_rate = [2, 8, 32]   open-loop levels (requests per second)
//   arrivals = "poisson"        | "constant" | "gamma" (default poisson)
//   burstiness = 0.5            gamma shape (1 = Poisson); only with gamma
//   seed = 1                    arrival schedule seed (default 1)
//   max_concurrency = 64        at most this many in flight at a rate level
//   duration_s = 30             length of a rate level (default 30 s), or
//   requests = 200              its request count instead
//   warmup_s = 2                arrivals in the first seconds are warm-up
//   sweep = true                find the serving curve (a case of its own)
//   sweep_points = 4            rate levels between its two ends (default 4)
//   prefix_tokens = 512         a shared prompt prefix (of ISL)
//   prefix_group = 8            requests sharing one prefix (default 8)
//   turns = 3                   requests per conversation (history resent)
//   [suite.slo]                 limits a request must meet to count in
//   ttft_ms = 500               goodput: any of ttft_ms, tpot_ms, e2e_ms
//
// Every mistake is "file:line: ..." naming the key and what it must be.
#ifndef SERVEBENCH_BENCH_CONFIG_LOAD_SPEC_H_
#define SERVEBENCH_BENCH_CONFIG_LOAD_SPEC_H_

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/result.h"

namespace servebench {

enum class Arrivals { kPoisson, kConstant, kGamma };

// "poisson", "constant", "gamma".
const char* ArrivalsName(Arrivals arrivals);
std::optional<Arrivals> ArrivalsByName(std::string_view name);

// Service-level objectives: a request meets them when it succeeded and each
// limit that is set holds.
struct Slo {
  std::optional<double> ttft_ms;
  std::optional<double> tpot_ms;
  std::optional<double> e2e_ms;

  bool any() const { return ttft_ms || tpot_ms || e2e_ms; }
  // "ttft_ms <= 500, tpot_ms <= 50", or "none".
  std::string Describe() const;
};

// The load keys as written in one table: each absent unless written.
struct LoadKeys {
  std::optional<std::vector<int>> concurrency;
  std::optional<std::vector<double>> request_rate;
  std::optional<Arrivals> arrivals;
  std::optional<double> burstiness;
  std::optional<int64_t> seed;
  std::optional<int> max_concurrency;
  std::optional<double> duration_s;
  std::optional<int> requests;
  std::optional<double> warmup_s;
  std::optional<bool> sweep;
  std::optional<int> sweep_points;
  std::optional<int> prefix_tokens;
  std::optional<int> prefix_group;
  std::optional<int> turns;
  Slo slo;  // each limit absent unless written
};

// The key names a [suite] or [[case]] table may hold for load ("slo" among
// them: the sub-table).
const std::vector<std::string>& LoadKeyNames();

// Reads the load keys of `table`; `section` names it in messages ("[suite]",
// "[[case]] #2").
Result<LoadKeys> ReadLoadKeys(const toml::table& table,
                              const std::string& source,
                              const std::string& section);

// `over`'s keys replacing `base`'s, key by key (SLO limits one by one).
LoadKeys MergeLoadKeys(const LoadKeys& base, const LoadKeys& over);

// How a case's load levels run, settled from its merged keys.
struct LoadSpec {
  Arrivals arrivals = Arrivals::kPoisson;
  bool arrivals_given = false;  // written, not the default
  double burstiness = 1;
  uint64_t seed = 1;
  int max_concurrency = 0;  // 0: none set
  // A rate level's length: `requests` when set, else duration_s.
  std::optional<int> requests;
  double duration_s = 30;
  double warmup_s = 0;
  int sweep_points = 4;
  int prefix_tokens = 0;  // 0: no shared prefix
  int prefix_group = 8;
  int turns = 1;
  Slo slo;

  // A workload that needs the load driver even at one stream.
  bool shared_workload() const { return prefix_tokens > 0 || turns > 1; }
  // Conversations (requests when turns = 1) a rate level of `rate` sends.
  int Conversations(double rate) const;
};

// Settles `keys` for a pair of `isl` tokens: the defaults above where a key
// is absent, and the rules between keys (burstiness only with gamma,
// requests or duration_s but not both, a warm-up shorter than the level, a
// prefix that leaves room for each request's own tag). Errors name `where`
// (the case's file:line and section).
Result<LoadSpec> SettleLoadSpec(const LoadKeys& keys, int64_t isl,
                                const std::string& where);

// A rate as case names and baselines spell it: 2 -> "2", 0.5 -> "0p5".
std::string RateText(double rate);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_CONFIG_LOAD_SPEC_H_
