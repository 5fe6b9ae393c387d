// Tests the DCGM-exporter-like exposition: dcgm-exporter's names, help
// texts (etc/default-counters.csv) and types, one sample per GPU.
#include "tools/sim/dcgm_exporter.h"

#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;

SimConfig Config() {
  SimConfig config;
  config.gpus = 2;
  config.model_memory_gib = 15;
  config.kv_cache_gib = 50;
  config.gpu_memory_gib = 80;
  config.gpu_model_name = "NVIDIA H100 80GB HBM3";
  return config;
}

TEST(DcgmExporterTest, FamiliesAndValues) {
  const std::string text = RenderDcgmMetrics(
      PowerReading{.power_w = 135.5, .energy_mj = 123456, .active = 3},
      Config());
  const std::regex power(
      R"re(DCGM_FI_DEV_POWER_USAGE\{gpu="([01])",UUID="GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",pci_bus_id="00000000:1[BC]:00\.0",device="nvidia[01]",modelName="NVIDIA H100 80GB HBM3",Hostname="servebench-sim"\} 135\.500000\n)re");
  EXPECT_EQ(std::distance(std::sregex_iterator(text.begin(), text.end(), power),
                          std::sregex_iterator()),
            2);
  for (const std::string& expected : std::vector<std::string>{
           "# HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).\n# TYPE "
           "DCGM_FI_DEV_POWER_USAGE gauge\n",
           "# HELP DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION Total "
           "energy consumption since boot (in mJ).\n# TYPE "
           "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter\n",
           "# TYPE DCGM_FI_DEV_FB_USED gauge\n",
           "} 123456\n",
           "DCGM_FI_DEV_GPU_UTIL{gpu=\"1\",",
           "} 100\n",
           // 65 GiB in use of 80: 66560 and 15360 MiB.
           "} 66560\n",
           "} 15360\n",
       }) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

TEST(DcgmExporterTest, IdleGpusReadZeroUtilisation) {
  const std::string text = RenderDcgmMetrics(PowerReading{}, Config());
  EXPECT_THAT(text, HasSubstr("} 0.000000\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("} 100\n")));
}

TEST(DcgmExporterTest, UuidsDifferPerGpuAndStayPerSeed) {
  const std::string a = RenderDcgmMetrics(PowerReading{}, Config());
  EXPECT_EQ(a, RenderDcgmMetrics(PowerReading{}, Config()));
  const std::regex uuid(R"re(UUID="(GPU-[^"]+)")re");
  std::vector<std::string> uuids;
  for (auto it = std::sregex_iterator(a.begin(), a.end(), uuid);
       it != std::sregex_iterator(); ++it) {
    uuids.push_back((*it)[1]);
  }
  ASSERT_GE(uuids.size(), 2u);
  EXPECT_NE(uuids[0], uuids[1]);
}

}  // namespace
}  // namespace servebench::sim
