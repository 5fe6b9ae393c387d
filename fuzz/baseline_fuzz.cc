// Fuzzes ParseBaseline and, when it succeeds, the writer: what SerializeBaseline
// writes must parse again and write back to the same text (baseline.h promises
// ParseBaseline(SerializeBaseline(b)) == b).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "bench/gating/baseline.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = servebench::ParseBaseline(text, "fuzz.toml");
  if (!parsed.ok()) {
    FUZZ_CHECK(!parsed.error().empty());
    return 0;
  }
  const std::string written = servebench::SerializeBaseline(*parsed);
  auto reread = servebench::ParseBaseline(written, "written.toml");
  if (!reread.ok()) {
    std::fprintf(stderr, "written baseline does not parse: %s\n--- written:\n%s\n",
                 reread.error().c_str(), written.c_str());
  }
  FUZZ_CHECK(reread.ok());
  const std::string rewritten = servebench::SerializeBaseline(*reread);
  if (rewritten != written) {
    std::fprintf(stderr, "--- written:\n%s\n--- rewritten:\n%s\n",
                 written.c_str(), rewritten.c_str());
  }
  FUZZ_CHECK(rewritten == written);
  FUZZ_CHECK(reread->cases.size() == parsed->cases.size());
  return 0;
}
