// DCGM exporter text and nvidia-smi CSV lines, including hostile ones.
#include "bench/facts/gpu/gpu_readings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/files.h"

namespace servebench {
namespace {

TEST(DcgmTextTest, ReadsPowerEnergyMemoryAndNamesPerGpu) {
  const std::vector<GpuReading> gpus = ReadDcgmText(
      test::ReadFileOrFail("bench/facts/gpu/testdata/dcgm_two_gpus.txt"));
  ASSERT_EQ(gpus.size(), 2u);
  // In the order first seen (FB_USED comes first in the file).
  EXPECT_EQ(gpus[0].id, "0");
  EXPECT_EQ(gpus[0].name, "NVIDIA H100 80GB HBM3");
  EXPECT_DOUBLE_EQ(gpus[0].power_w, 412.345);
  EXPECT_DOUBLE_EQ(gpus[0].energy_mj, 98765432101.0);
  EXPECT_DOUBLE_EQ(gpus[0].memory_used_mib, 73728);
  EXPECT_EQ(gpus[1].id, "1");
  EXPECT_DOUBLE_EQ(gpus[1].power_w, 70.125);
  EXPECT_DOUBLE_EQ(gpus[1].memory_used_mib, 512);
}

TEST(DcgmTextTest, IdsFallBackAndBadValuesAreUnknown) {
  const std::vector<GpuReading> gpus = ReadDcgmText(
      "DCGM_FI_DEV_POWER_USAGE{UUID=\"GPU-a\"} -3\n"
      "DCGM_FI_DEV_FB_USED{UUID=\"GPU-a\"} NaN\n"
      "DCGM_FI_DEV_POWER_USAGE 12\n"
      "DCGM_FI_DEV_POWER_USAGE 13\n"
      "DCGM_FI_DEV_POWER_USAGE{gpu=\"2\" 99\n");  // malformed: skipped
  ASSERT_EQ(gpus.size(), 3u);
  EXPECT_EQ(gpus[0].id, "GPU-a");
  EXPECT_TRUE(std::isnan(gpus[0].power_w));
  EXPECT_TRUE(std::isnan(gpus[0].memory_used_mib));
  EXPECT_EQ(gpus[1].id, "#0");
  EXPECT_EQ(gpus[2].id, "#1");
  EXPECT_DOUBLE_EQ(gpus[2].power_w, 13);
  EXPECT_TRUE(ReadDcgmText("vllm:kv_cache_usage_perc 0.5\n").empty());
  // DCGM's blanks, as dcgm-exporter prints an unreadable field.
  const std::vector<GpuReading> blank = ReadDcgmText(
      "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\"} 140737488355328.000000\n"
      "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu=\"0\"} 9223372036854775794\n"
      "DCGM_FI_DEV_FB_USED{gpu=\"0\"} 9223372036854775794\n");
  ASSERT_EQ(blank.size(), 1u);
  EXPECT_TRUE(std::isnan(blank[0].power_w));
  EXPECT_TRUE(std::isnan(blank[0].energy_mj));
  EXPECT_TRUE(std::isnan(blank[0].memory_used_mib));
}

TEST(DcgmTextTest, BoundedInGpus) {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += "DCGM_FI_DEV_POWER_USAGE{gpu=\"" + std::to_string(i) + "\"} 1\n";
  }
  EXPECT_EQ(ReadDcgmText(text).size(), 256u);
}

TEST(CsvColumnsTest, FromTheQueryOrTheDocumentedDefault) {
  const CsvColumns example = ColumnsFromArgv(
      {"nvidia-smi", "--query-gpu=index,power.draw,memory.used,utilization.gpu",
       "--format=csv,noheader,nounits", "-lms", "200"});
  EXPECT_EQ(example.index, 0);
  EXPECT_EQ(example.power, 1);
  EXPECT_EQ(example.memory, 2);
  EXPECT_EQ(example.name, -1);
  EXPECT_EQ(example.count, 4);
  const CsvColumns spaced = ColumnsFromArgv(
      {"nvidia-smi", "--query-gpu", "name, memory.used, power.draw.average"});
  EXPECT_EQ(spaced.index, -1);
  EXPECT_EQ(spaced.name, 0);
  EXPECT_EQ(spaced.memory, 1);
  EXPECT_EQ(spaced.power, 2);
  const CsvColumns none = ColumnsFromArgv({"my-sampler"});
  EXPECT_EQ(none.index, 0);
  EXPECT_EQ(none.count, 4);
}

TEST(CsvLineTest, ReadsNvidiaSmiLinesWithOrWithoutUnits) {
  const CsvColumns columns = ColumnsFromArgv(
      {"nvidia-smi", "--query-gpu=index,power.draw,memory.used,name"});
  auto plain = ParseCsvLine("0, 71.23, 1234, NVIDIA A100-SXM4-80GB", columns);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->id, "0");
  EXPECT_DOUBLE_EQ(plain->power_w, 71.23);
  EXPECT_DOUBLE_EQ(plain->memory_used_mib, 1234);
  EXPECT_EQ(plain->name, "NVIDIA A100-SXM4-80GB");
  auto units = ParseCsvLine("3, 250.50 W, 80000 MiB, X\r", columns);
  ASSERT_TRUE(units);
  EXPECT_EQ(units->id, "3");
  EXPECT_DOUBLE_EQ(units->power_w, 250.5);
  auto na = ParseCsvLine("1, [N/A], 512, X", columns);
  ASSERT_TRUE(na);
  EXPECT_TRUE(std::isnan(na->power_w));
  EXPECT_DOUBLE_EQ(na->memory_used_mib, 512);
}

TEST(CsvLineTest, HeadersShortLinesAndEmptyReadingsAreNoReading) {
  const CsvColumns columns =
      ColumnsFromArgv({"nvidia-smi", "--query-gpu=index,power.draw"});
  EXPECT_FALSE(ParseCsvLine("index, power.draw [W]", columns));
  EXPECT_FALSE(ParseCsvLine("0", columns));
  EXPECT_FALSE(ParseCsvLine("0, [Not Supported]", columns));
  EXPECT_FALSE(ParseCsvLine("0, 12 kW", columns));  // not a unit we read
  EXPECT_FALSE(ParseCsvLine("", columns));
  // Without an id column every line is GPU 0.
  const CsvColumns no_index =
      ColumnsFromArgv({"nvidia-smi", "--query-gpu=power.draw"});
  auto reading = ParseCsvLine("42", no_index);
  ASSERT_TRUE(reading);
  EXPECT_EQ(reading->id, "0");
}

}  // namespace
}  // namespace servebench
