// Fuzzes ParseSuiteSpec: any text is either a suite or an error message that
// says what is wrong; never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bench/config/suite_spec.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto spec = servebench::ParseSuiteSpec(text, "fuzz.toml");
  if (!spec.ok()) FUZZ_CHECK(!spec.error().empty());
  return 0;
}
