// Choosing the server's clock for a case and comparing the client's with it.
#include "bench/facts/clock_comparison.h"

#include <cmath>

#include "bench/base/text_format.h"

namespace servebench {

std::vector<std::pair<std::string, double>> ClockComparison::Named() const {
  std::vector<std::pair<std::string, double>> named;
  const auto add = [&](const char* name, const std::optional<double>& v) {
    if (v) named.emplace_back(name, *v);
  };
  add("server_ttft_ms", server_ttft_ms);
  add("server_tpot_ms", server_tpot_ms);
  add("server_queue_ms", server_queue_ms);
  add("server_prefill_ms", server_prefill_ms);
  add("server_e2e_ms", server_e2e_ms);
  add("ttft_overhead_ms", ttft_overhead_ms);
  add("tpot_client_server_pct", tpot_client_server_pct);
  return named;
}

ClockComparison CompareClocks(const ClockInputs& in) {
  ClockComparison out;
  if (in.timings_ttft_ms || in.timings_tpot_ms) {
    out = {.server_ttft_ms = in.timings_ttft_ms,
           .server_tpot_ms = in.timings_tpot_ms,
           .source = "response timings"};
  } else if (in.histograms) {
    const ServerClock& h = *in.histograms;
    const double seen = h.requests.value_or(0);
    if (seen != in.measured_requests) {
      out.warnings.push_back(
          "the server's latency histograms saw " + Fixed(seen, 0) +
          " requests during the case's " +
          std::to_string(in.measured_requests) +
          " measured ones: another client shares the server, so its clock "
          "figures are not the case's and are left out");
      return out;
    }
    out = {.server_ttft_ms = h.ttft_ms,
           .server_tpot_ms = h.tpot_ms,
           .server_queue_ms = h.queue_ms,
           .server_prefill_ms = h.prefill_ms,
           .server_e2e_ms = h.e2e_ms,
           .source = h.ttft_source};
    if (!h.tpot_source.empty()) {
      out.source += (out.source.empty() ? "" : "; ") + h.tpot_source;
    }
  } else {
    return out;
  }
  if (in.client_ttft_ms && out.server_ttft_ms) {
    out.ttft_overhead_ms = *in.client_ttft_ms - *out.server_ttft_ms;
  }
  if (in.client_tpot_ms && out.server_tpot_ms && *out.server_tpot_ms > 0) {
    const double pct =
        (*in.client_tpot_ms - *out.server_tpot_ms) / *out.server_tpot_ms * 100;
    out.tpot_client_server_pct = pct;
    if (std::fabs(pct) > in.tpot_limit_pct) {
      out.tpot_disagrees = true;
      out.warnings.push_back(
          "the client's TPOT " + Fixed(*in.client_tpot_ms, 3) + " ms is " +
          Fixed(std::fabs(pct), 2) + "% " + (pct > 0 ? "above" : "below") +
          " the server's own " + Fixed(*out.server_tpot_ms, 3) + " ms (" +
          out.source + "; limit " + Fixed(in.tpot_limit_pct, 2) +
          "%, the suite's tpot_disagreement_limit_pct): the client, the "
          "network or the stream framing distorts the figure");
    }
  }
  return out;
}

}  // namespace servebench
