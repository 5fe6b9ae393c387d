// Fuzzes the allocation-free /metrics scanner against the full parser: for
// every sample the strict parser reads, scanning for its name must find a
// sample with the same value (the scanner is the hot path; the parser is the
// reference).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bench/facts/metrics/metric_scan.h"
#include "bench/facts/metrics/prometheus_text.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Whatever the text, scanning terminates and reads only wanted names.
  size_t seen = 0;
  servebench::ScanSeries(text, {"vllm:kv_cache_usage_perc", "a", "x_total"},
                         [&](const servebench::SampleLine& s) {
                           FUZZ_CHECK(s.name == "vllm:kv_cache_usage_perc" ||
                                      s.name == "a" || s.name == "x_total");
                           ++seen;
                         });
  FUZZ_CHECK(seen <= size);

  auto strict = servebench::ParsePrometheusText(text, {});
  if (!strict.ok()) return 0;
  for (const auto& sample : strict->samples) {
    bool found = false;
    const std::string name = sample.name;
    servebench::ScanSeries(text, {std::string_view(name)},
                           [&](const servebench::SampleLine& s) {
                             found = found || s.value == sample.value ||
                                     (std::isnan(s.value) &&
                                      std::isnan(sample.value));
                           });
    FUZZ_CHECK(found);
  }
  return 0;
}
