// Fuzzes the GPU readers: a DCGM exporter's text and nvidia-smi CSV lines
// from a hostile source. They must stay within their bounds (at most 256
// GPUs) and never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bench/facts/gpu/gpu_readings.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  FUZZ_CHECK(servebench::ReadDcgmText(text).size() <= 256);
  const servebench::CsvColumns columns = servebench::ColumnsFromArgv(
      {"nvidia-smi", "--query-gpu=index,power.draw,memory.used,name",
       "--format=csv,noheader,nounits"});
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    (void)servebench::ParseCsvLine(text.substr(start, end - start), columns);
    start = end + 1;
  }
  return 0;
}
