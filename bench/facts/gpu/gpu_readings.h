// What one reading of the GPUs says, from the two sources servebench reads:
// an NVIDIA DCGM exporter's Prometheus text (BENCH_DCGM_URL) and the CSV
// lines of a sampling command such as nvidia-smi (BENCH_GPU_CMD). Pure
// parsers of hostile text: a value that is not a number is unknown (NaN),
// never 0.
#ifndef SERVEBENCH_BENCH_FACTS_GPU_GPU_READINGS_H_
#define SERVEBENCH_BENCH_FACTS_GPU_GPU_READINGS_H_

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace servebench {

// One GPU in one reading. NaN: not reported.
struct GpuReading {
  std::string
      id;  // DCGM's gpu label (else UUID, else device); nvidia-smi's index
  std::string name;  // model name, "" when not reported
  double power_w = NAN;
  double energy_mj = NAN;  // cumulative (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION)
  double memory_used_mib = NAN;
};

// The GPUs a DCGM exporter's /metrics text reports: DCGM_FI_DEV_POWER_USAGE
// (W), DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ since boot),
// DCGM_FI_DEV_FB_USED (MiB), the modelName label. At most 256 GPUs, in the
// order first seen. DCGM's "blank" values (a field it could not read,
// printed as a number near the top of its type) are unknown.
std::vector<GpuReading> ReadDcgmText(std::string_view text);

// Where each field is in a sampling command's CSV lines (-1: absent).
struct CsvColumns {
  int index = -1;   // index (or uuid, pci.bus_id): the GPU's id
  int power = -1;   // power.draw (W)
  int memory = -1;  // memory.used (MiB)
  int name = -1;    // name
  int count = 0;    // fields per line
};

// The columns an nvidia-smi argument vector asks for with
// --query-gpu=a,b,c (or "--query-gpu a,b,c"); without one, the order of the
// documented example: index,power.draw,memory.used,utilization.gpu.
CsvColumns ColumnsFromArgv(const std::vector<std::string>& argv);

// One CSV line ("0, 71.23, 1234, 5"; units such as "W" or "MiB" and
// "[N/A]" allowed): nullopt for a header line, a line with too few fields
// or one that states neither power nor memory. Without an id column the
// GPU is "0".
std::optional<GpuReading> ParseCsvLine(std::string_view line,
                                       const CsvColumns& columns);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_GPU_GPU_READINGS_H_
