// The server's clock beside the client's for one case: the server's own
// mean TTFT and TPOT, where it states them, and how far the client's
// figures sit from them.
//
// Sources, the first that has them:
//   - each response's "timings" (llama.cpp), averaged over the measured
//     requests: exactly the case's requests;
//   - the deltas of the server's latency histograms across the case's
//     measured requests (vLLM, SGLang, TensorRT-LLM). Used only when the
//     histograms saw exactly as many requests as the case sent: otherwise
//     another client shares the server and the means are not the case's.
// Figures:
//   ttft_overhead_ms       = client TTFT - server TTFT: network, HTTP,
//                            tokenization and scheduling before the prompt;
//   tpot_client_server_pct = (client TPOT - server TPOT) / server TPOT * 100.
// A |tpot_client_server_pct| above the suite's limit is a warning: the
// client, the network or the stream framing distorts the TPOT figure.
#ifndef SERVEBENCH_BENCH_FACTS_CLOCK_COMPARISON_H_
#define SERVEBENCH_BENCH_FACTS_CLOCK_COMPARISON_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/facts/metrics/metrics_facts.h"

namespace servebench {

struct ClockInputs {
  // The client's means over the case's measured requests.
  std::optional<double> client_ttft_ms, client_tpot_ms;
  // Means of the responses' timings (llama.cpp), over the requests that
  // carried them.
  std::optional<double> timings_ttft_ms, timings_tpot_ms;
  // The histogram deltas across the measured requests, if any.
  std::optional<ServerClock> histograms;
  int measured_requests = 0;
  double tpot_limit_pct = 2;
};

struct ClockComparison {
  std::optional<double> server_ttft_ms, server_tpot_ms;
  std::optional<double> server_queue_ms, server_prefill_ms, server_e2e_ms;
  std::optional<double> ttft_overhead_ms, tpot_client_server_pct;
  std::string source;  // "response timings" or the metric names
  // Why the server's clock was not used, or that TPOT disagrees.
  std::vector<std::string> warnings;
  // TPOT disagrees beyond the limit.
  bool tpot_disagrees = false;

  // The known figures by their recorded names ("server_ttft_ms", ...).
  std::vector<std::pair<std::string, double>> Named() const;
};

ClockComparison CompareClocks(const ClockInputs& in);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_CLOCK_COMPARISON_H_
