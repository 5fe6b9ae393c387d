// dcgm-exporter's exposition of the simulated GPUs.
#include "tools/sim/dcgm_exporter.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "tools/sim/prom_text.h"
#include "tools/sim/seeded_random.h"

namespace servebench::sim {
namespace {

// gpu="0",UUID="GPU-...",pci_bus_id="00000000:1B:00.0",device="nvidia0",
// modelName="...",Hostname="..."
std::string Labels(const SimConfig& config, int gpu) {
  const uint64_t a = Mix64(HashCombine(config.seed, 0x475055ull + gpu));
  const uint64_t b = Mix64(a ^ 0x5555ull);
  char uuid[64];
  // The masks stay uint64_t (a ull literal would widen the operand to
  // unsigned long long, which PRIx64 does not take on LP64).
  std::snprintf(uuid, sizeof(uuid),
                "GPU-%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64
                "-%012" PRIx64,
                a >> 32, (a >> 16) & 0xffff, a & 0xffff, b >> 48,
                b & uint64_t{0xffffffffffff});
  char bus[32];
  std::snprintf(bus, sizeof(bus), "00000000:%02X:00.0", 0x1B + gpu);
  return "gpu=\"" + std::to_string(gpu) + "\",UUID=\"" + uuid +
         "\",pci_bus_id=\"" + bus + "\",device=\"nvidia" + std::to_string(gpu) +
         "\",modelName=\"" + config.gpu_model_name +
         "\",Hostname=\"servebench-sim\"";
}

// A family with the same `value` for every GPU.
void Family(std::string& out, const SimConfig& config, const char* name,
            const char* type, const char* help, const std::string& value) {
  AppendFamily(out, name, type, help);
  for (int gpu = 0; gpu < config.gpus; ++gpu) {
    AppendSample(out, name, Labels(config, gpu), value);
  }
}

}  // namespace

int64_t FramebufferUsedMib(const SimConfig& config) {
  return std::llround((config.model_memory_gib + config.kv_cache_gib) * 1024);
}

std::string RenderDcgmMetrics(const PowerReading& reading,
                              const SimConfig& config) {
  char power[64];
  std::snprintf(power, sizeof(power), "%.6f", reading.power_w);
  const int64_t used = FramebufferUsedMib(config);
  const int64_t total = std::llround(config.gpu_memory_gib * 1024);
  std::string out;
  Family(out, config, "DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W).",
         power);
  Family(out, config, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter",
         "Total energy consumption since boot (in mJ).",
         std::to_string(reading.energy_mj));
  Family(out, config, "DCGM_FI_DEV_GPU_UTIL", "gauge",
         "GPU utilization (in %).", reading.active > 0 ? "100" : "0");
  Family(out, config, "DCGM_FI_DEV_FB_FREE", "gauge",
         "Framebuffer memory free (in MiB).",
         std::to_string(std::max<int64_t>(0, total - used)));
  Family(out, config, "DCGM_FI_DEV_FB_USED", "gauge",
         "Framebuffer memory used (in MiB).", std::to_string(used));
  return out;
}

}  // namespace servebench::sim
