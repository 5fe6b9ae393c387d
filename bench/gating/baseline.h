// Baselines: the figures a run is gated against, kept as TOML in baselines/.
//
//   [context]                     # what the figures were measured on
//   model = "nvidia/Qwen3-Next-80B-A3B-Instruct-NVFP4"
//   engine = "vllm"
//   engine_version = "0.11.0"
//   gpu = "RTX PRO 6000 Blackwell"
//   max_model_len = 4096          # apples-to-apples key
//   gpu_memory_utilization = 0.9  # apples-to-apples key
//   suite = "core"                # apples-to-apples key
//   recorded_at = "2026-02-21T17:31:02"
//   recorded_from = "bench_v23_cutlass_fp8_results.json"
//   notes = "free text"
//
//   [tolerances]                  # defaults, per metric
//   ttft_ms = "25%"
//   decode_tps = "5%"
//
//   [server]                      # server-wide memory facts (optional each)
//   model_memory_gib = 44.2
//   kv_cache_gib = 62.2
//   kv_cache_tokens = 1131008
//
//   [[case]]                      # one per ISL/OSL pair
//   isl = 1024
//   osl = 1024
//   label = "standard chat"       # optional
//   category = "balanced"         # optional
//   ttft_ms = 714.9               # means; any subset of the per-case metrics
//   tpot_ms = 23.98
//   decode_tps = 42.1
//   e2e_tps = 34.1
//   [case.tolerances]             # optional overrides for this case
//   ttft_ms = "40%"
//   [case.samples]                # optional per-run values
//   ttft_ms = [695.9, 697.1, 751.7]
//
//   [[load]]                      # one per load level of a pair
//   isl = 1024
//   osl = 128
//   request_rate = 8.0            # the level: concurrency = N,
//                                 # request_rate = R or sweep = true
//   output_tps = 2400.5           # any of the load metrics (metric.h)
//   goodput_rps = 7.9
//   ttft_ms_p99 = 310.2
//   [load.tolerances]             # optional overrides for this level
//   ttft_ms_p99 = "60%"
//   [load.curve]                  # optional: a sweep's levels, for charts
//   request_tps = [5.7, 12.1]     # equal lengths; also offered_rps,
//   output_tps = [182.4, 387.2]   # per_user_tps, ttft_ms_p50, ttft_ms_p99
//
// Every key is optional except a case's isl and osl, and a load level's
// isl, osl and level. Load metrics' default tolerances may be given in
// [tolerances] too. Mistakes are reported as
// "file:line: ..." (unknown keys with the nearest known one, wrong types,
// tolerances that do not parse, repeated pairs).
#ifndef SERVEBENCH_BENCH_BASELINE_H_
#define SERVEBENCH_BENCH_BASELINE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/gating/metric.h"

namespace servebench {

struct BaselineContext {
  std::string model;
  std::string engine;
  std::string engine_version;
  std::string gpu;
  std::optional<int64_t> max_model_len;
  std::optional<double> gpu_memory_utilization;
  std::string suite;
  std::string recorded_at;
  std::string recorded_from;
  std::string notes;
};

struct BaselineCase {
  int64_t isl = 0;
  int64_t osl = 0;
  std::string label;
  std::string category;
  std::map<Metric, double> figures;               // means
  std::map<Metric, std::vector<double>> samples;  // optional per-run values
  std::map<Metric, Tolerance> tolerances;         // overrides

  std::string Name() const;  // "Isl1024Osl1024", as suites name cases
};

// A load level's figures: [[load]].
struct BaselineLoad {
  int64_t isl = 0;
  int64_t osl = 0;
  // The level: exactly one is set.
  int concurrency = 0;
  double request_rate = 0;
  bool sweep = false;
  std::string label;
  std::string category;
  std::map<Metric, double> figures;        // load metrics only
  std::map<Metric, Tolerance> tolerances;  // overrides
  // A sweep's levels (offered_rps, request_tps, output_tps, per_user_tps,
  // ttft_ms_p50, ttft_ms_p99), equal lengths; for the report's charts.
  std::map<std::string, std::vector<double>> curve;

  // "Conc8", "Rate0p5" or "Sweep", as suites name the level.
  std::string Level() const;
  std::string Name() const;  // "Isl1024Osl128Rate0p5"
};

// The [load.curve] keys.
const std::vector<std::string>& LoadCurveKeys();

struct Baseline {
  std::string source;  // file path, for messages
  BaselineContext context;
  std::map<Metric, Tolerance> tolerances;  // defaults
  std::map<Metric, double> server;         // memory facts
  std::vector<BaselineCase> cases;
  std::vector<BaselineLoad> loads;

  const BaselineCase* FindCase(int64_t isl, int64_t osl) const;
  // `level` as suites name it: "Conc8", "Rate2", "Sweep".
  const BaselineLoad* FindLoad(int64_t isl, int64_t osl,
                               const std::string& level) const;
  // Per metric: the case's override, else the file's default, else
  // DefaultTolerances(). `c` may be null (server-wide memory metrics).
  std::map<Metric, Tolerance> TolerancesFor(const BaselineCase* c) const;
  // The same for a load level, over DefaultLoadTolerances().
  std::map<Metric, Tolerance> TolerancesFor(const BaselineLoad& load) const;
};

// Tolerances used where a baseline names none: generous enough for three runs
// on a quiet GPU server. ttft 25%, tpot 5%, decode 5%, e2e 10%, server TTFT
// 25%, server TPOT 5%, TTFT overhead 5 ms, TPOT client/server difference
// 2 pp, GPU power average 5% and peak 10%, GPU energy and energy per output
// token 5%, GPU memory peak 2%, model memory 2%, KV cache GiB 2%, KV cache
// tokens 2%.
std::map<Metric, Tolerance> DefaultTolerances();

// Where a baseline names none, for a load level: one run of a level is one
// sample of its rates, so they get room for run-to-run spread: output_tps,
// request_tps, per_user_tps, goodput_rps and knee_rps 10%; TTFT p50 25%,
// p99 50%; TPOT p50 10%, p99 25%.
std::map<Metric, Tolerance> DefaultLoadTolerances();

Result<Baseline> LoadBaseline(const std::string& path);
Result<Baseline> ParseBaseline(const std::string& toml_text,
                               const std::string& source);
// TOML in the layout above; ParseBaseline(SerializeBaseline(b)) == b.
std::string SerializeBaseline(const Baseline& baseline);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASELINE_H_
