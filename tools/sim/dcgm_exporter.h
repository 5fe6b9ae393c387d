// GET /dcgm/metrics: the simulated GPUs in dcgm-exporter's text format
// (NVIDIA/dcgm-exporter, etc/default-counters.csv names, help texts and
// types), one sample per GPU, labels gpu, UUID, pci_bus_id, device,
// modelName, Hostname:
//   DCGM_FI_DEV_POWER_USAGE              gauge   W (power_model.h)
//   DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter mJ since start
//   DCGM_FI_DEV_GPU_UTIL                 gauge   100 with a request active,
//                                                else 0
//   DCGM_FI_DEV_FB_FREE / _FB_USED       gauge   MiB: used = weights + KV
//                                                cache (--model-memory-gib +
//                                                --kv-cache-gib)
// The real exporter listens on its own port (9400) at /metrics; the
// simulator serves the same text on its own port at /dcgm/metrics.
#ifndef SERVEBENCH_TOOLS_SIM_DCGM_EXPORTER_H_
#define SERVEBENCH_TOOLS_SIM_DCGM_EXPORTER_H_

#include <string>

#include "tools/sim/config.h"
#include "tools/sim/power_model.h"

namespace servebench::sim {

std::string RenderDcgmMetrics(const PowerReading& reading,
                              const SimConfig& config);

// Framebuffer memory in use on each GPU, MiB.
int64_t FramebufferUsedMib(const SimConfig& config);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_DCGM_EXPORTER_H_
