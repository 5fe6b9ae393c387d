// Fuzzes ParsePrometheusText, strict and lenient. Text that parses strictly
// has no malformed line, so the lenient parse must agree and warn of nothing.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bench/facts/metrics/prometheus_text.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  servebench::PromParseOptions strict_options;
  servebench::PromParseOptions lenient_options;
  lenient_options.lenient = true;
  lenient_options.max_warnings = 3;

  auto strict = servebench::ParsePrometheusText(text, strict_options);
  auto lenient = servebench::ParsePrometheusText(text, lenient_options);
  FUZZ_CHECK(lenient.ok());  // lenient mode only refuses oversized input
  if (!strict.ok()) {
    FUZZ_CHECK(!strict.error().empty());
    return 0;
  }
  FUZZ_CHECK(lenient->warnings.empty());
  FUZZ_CHECK(lenient->samples.size() == strict->samples.size());
  for (size_t i = 0; i < strict->samples.size(); ++i) {
    const auto& a = strict->samples[i];
    const auto& b = lenient->samples[i];
    FUZZ_CHECK(a.name == b.name && a.labels == b.labels &&
               a.timestamp_ms == b.timestamp_ms);
    FUZZ_CHECK(a.value == b.value || (std::isnan(a.value) && std::isnan(b.value)));
    FUZZ_CHECK(!servebench::FindSamples(strict->samples, a.name).empty());
  }
  return 0;
}
