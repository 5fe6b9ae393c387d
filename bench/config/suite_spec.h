// A benchmark suite, declared in TOML: run counts and the ISL/OSL matrix.
//
//   [suite]
//   name = "core"
//   warmup_runs = 2            # per case, not measured
//   runs = 3                   # per case, measured
//   baseline = "sim"           # optional default for BENCH_BASELINE
//   exact_output_length = true # send ignore_eos + min_tokens (default true)
//   allow_short_outputs = false  # else fewer than OSL tokens fails the case
//   continuous_usage = true    # request usage on every chunk (default true)
//   isl_tolerance_pct = 0.5    # default: 0 with /tokenize, else 0.5
//   tpot_disagreement_limit_pct = 2  # the client's TPOT may differ from
//                              # the server's own by this much before it is
//                              # a warning (default 2)
//   concurrency = [1, 8, 32]   # closed-loop levels; each its own case
//   history_gate_runs = 5      # with BENCH_HISTORY: gate against the last 5
//                              # comparable runs too (default 0: off)
//   history_min_tolerance_pct = 2  # that gate allows at least this much
//                              # (default 2; the runs' spread may allow more)
//   request_rate = [2, 8]      # and the other load keys: load_spec.h
//
//   [[case]]
//   isl = 1024
//   osl = 1024
//   category = "balanced"      # prefill-heavy | balanced | decode-heavy
//   label = "standard chat"
//   concurrency = [1, 8]       # optional: this pair's own levels (any load
//                              # key may be set per case)
//
// Levels. Each pair becomes one case per concurrency level, one per request
// rate and one for a sweep. Without concurrency, request_rate or sweep the
// pair is sequential (concurrency [1]), as in the seed; with request_rate or
// sweep and no concurrency, it has only those. A pair with a shared prefix
// or turns runs through the load driver even at concurrency 1.
//
// Every mistake is reported as "file:line: ..." before anything is sent: a
// syntax error, an unknown key (with the nearest known one), a wrong type, a
// length that is not a positive whole number, a duplicate pair, an empty
// matrix.
#ifndef SERVEBENCH_BENCH_SUITE_SPEC_H_
#define SERVEBENCH_BENCH_SUITE_SPEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/config/load_spec.h"

namespace servebench {

// How a case is driven.
enum class LoadMode {
  kSequential,   // the seed's: one request at a time (case_runner.h)
  kConcurrency,  // a closed loop of `concurrency` streams
  kRate,         // an open loop at `request_rate`
  kSweep,        // the serving curve, found by bench/load/sweep
};

struct CaseSpec {
  int64_t isl = 0;
  int64_t osl = 0;
  std::string category;  // "prefill-heavy", "balanced" or "decode-heavy"
  std::string label;
  // Streams in flight at once (closed loop); 1 is the seed's sequential run.
  int concurrency = 1;
  double request_rate = 0;  // > 0: an open loop at this many per second
  bool sweep = false;       // the serving curve
  LoadSpec load;            // how load levels run (defaults when sequential)

  // From the fields: a sweep, else a rate level, else a closed loop when
  // above one stream or with a shared workload, else sequential.
  LoadMode mode() const;

  // Test name: ASCII letters and digits only: "Isl1024Osl128" plus the
  // level, e.g. "Isl1024Osl128Conc8", "Isl1024Osl128Rate0p5",
  // "Isl1024Osl128Sweep".
  std::string Name() const;
  // The level part of the name: "", "Conc8", "Rate0p5" or "Sweep".
  std::string Level() const;
  bool is_load() const { return mode() != LoadMode::kSequential; }
  // The seed's "regime": the category with '_' for '-', e.g. "prefill_heavy".
  std::string Regime() const;
};

struct SuiteSpec {
  std::string name;
  std::string source;  // the file it came from
  int warmup_runs = 2;
  int runs = 3;
  std::string baseline;  // default baseline name, may be empty
  bool exact_output_length = true;
  bool allow_short_outputs = false;
  bool continuous_usage = true;
  std::optional<double> isl_tolerance_pct;
  double tpot_disagreement_limit_pct = 2;
  // With BENCH_HISTORY: also gate each case against the last N comparable
  // runs in the history (0: off).
  int history_gate_runs = 0;
  double history_min_tolerance_pct = 2;
  std::vector<CaseSpec> cases;
};

Result<SuiteSpec> LoadSuiteSpec(const std::string& path);
Result<SuiteSpec> ParseSuiteSpec(const std::string& toml_text,
                                 const std::string& source);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SUITE_SPEC_H_
