// The two GPU sources against stand-ins: a fake nvidia-smi script and a
// scripted DCGM exporter.
#include "bench/facts/gpu/gpu_sampler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "bench/base/map_env.h"
#include "bench/base/runfiles.h"
#include "bench/base/wait_for.h"
#include "testing/files.h"
#include "testing/tiny_http_server.h"

namespace servebench {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;
using testing::Optional;

std::string FakeSmi() {
  auto path = Runfile("bench/facts/gpu/testdata/fake_nvidia_smi.sh");
  EXPECT_TRUE(path.ok()) << path.error();
  return path.ok() ? *path : "";
}

Result<std::unique_ptr<GpuSampler>> StartCommand(
    const std::string& command, std::vector<std::string>* warnings) {
  const GpuSourceSettings settings =
      GpuSourceFromEnv(MapEnv({{"BENCH_GPU_CMD", command}}));
  return GpuSampler::Start(
      settings, "http://unused", ClientOptions{},
      [warnings](const std::string& w) { warnings->push_back(w); });
}

// The fake nvidia-smi sampling every `interval_ms`, started with one of its
// FAKE_SMI_* switches in its environment (set only while it starts).
Result<std::unique_ptr<GpuSampler>> StartFakeSmiWith(
    const char* fake_switch, const char* value, int interval_ms,
    std::vector<std::string>* warnings) {
  setenv(fake_switch, value, 1);
  auto sampler = StartCommand(
      FakeSmi() + " --query-gpu=index,power.draw,memory.used,name -lms " +
          std::to_string(interval_ms),
      warnings);
  unsetenv(fake_switch);
  return sampler;
}

TEST(GpuSourceTest, SettingsFromTheEnvironment) {
  EXPECT_EQ(GpuSourceFromEnv(MapEnv({})).kind, GpuSourceSettings::Kind::kNone);
  const GpuSourceSettings both = GpuSourceFromEnv(
      MapEnv({{"BENCH_DCGM_URL", "http://gpu-box:9400/metrics"},
              {"BENCH_GPU_CMD", "nvidia-smi -lms 200"}}));
  EXPECT_EQ(both.kind, GpuSourceSettings::Kind::kDcgm);
  EXPECT_THAT(both.warnings,
              ElementsAre(HasSubstr("BENCH_GPU_CMD is ignored")));
  const GpuSourceSettings command = GpuSourceFromEnv(MapEnv(
      {{"BENCH_GPU_CMD", "nvidia-smi '--query-gpu=index,power.draw' -lms 200"},
       {"BENCH_GPU_INTERVAL_MS", "500"}}));
  EXPECT_EQ(command.kind, GpuSourceSettings::Kind::kCommand);
  EXPECT_THAT(
      command.command,
      ElementsAre("nvidia-smi", "--query-gpu=index,power.draw", "-lms", "200"));
  EXPECT_EQ(command.interval_ms, 500);
  EXPECT_THAT(
      *GpuSourceFromEnv(MapEnv({{"BENCH_DCGM_URL", "gpu-box:9400"}})).error,
      HasSubstr("neither an http(s) URL nor a path"));
  EXPECT_THAT(
      *GpuSourceFromEnv(MapEnv({{"BENCH_GPU_CMD", "nvidia-smi 'x"}})).error,
      HasSubstr("BENCH_GPU_CMD"));
  for (const char* bad : {"0", "5", "-1", "1e3", "99999999", "x"}) {
    EXPECT_TRUE(
        GpuSourceFromEnv(MapEnv({{"BENCH_GPU_INTERVAL_MS", bad}})).error)
        << bad;
  }
  EXPECT_EQ(ResolveDcgmUrl("/dcgm/metrics", "http://127.0.0.1:8000/"),
            "http://127.0.0.1:8000/dcgm/metrics");
  EXPECT_EQ(ResolveDcgmUrl("http://a:9400/metrics", "http://b"),
            "http://a:9400/metrics");
}

TEST(CommandSamplerTest, ReadsTheFakeSmiAndIntegratesItsPower) {
  std::vector<std::string> warnings;
  auto sampler =
      StartCommand(FakeSmi() +
                       " --query-gpu=index,power.draw,memory.used,name "
                       "--format=csv,noheader,nounits -lms 50",
                   &warnings);
  ASSERT_TRUE(sampler.ok()) << sampler.error();
  ASSERT_NE(*sampler, nullptr);
  GpuSampler& s = **sampler;
  EXPECT_THAT(s.source(), HasSubstr("command "));
  ASSERT_TRUE(WaitFor([&] { return s.GpuCount() == 2; }));
  const Clock::time_point begin = Clock::now();
  // Some intervals inside the window (however slow the machine is).
  const size_t wanted = 3;
  ASSERT_TRUE(WaitFor([&] {
    return s.Over(begin, Clock::now()).power_w_max.has_value() &&
           MillisBetween(begin, Clock::now()) > wanted * 50;
  }));
  const Clock::time_point end = Clock::now();
  const GpuWindowFigures f = s.Over(begin, end);
  // Constant power: the average is the total, whatever the timing.
  EXPECT_THAT(f.power_w_avg, Optional(testing::DoubleNear(150, 1e-9)));
  EXPECT_THAT(f.energy_j,
              Optional(testing::DoubleNear(150 * f.window_s, 1e-9)));
  EXPECT_THAT(f.power_w_max, Optional(150.0));
  EXPECT_THAT(f.memory_used_gib_max, Optional(3.0));
  EXPECT_EQ(f.gpus, 2);
  EXPECT_EQ(f.energy_method, "integrated power");
  EXPECT_THAT(s.GpuNames(), ElementsAre("Fake GPU A", "Fake GPU B"));
  EXPECT_TRUE(s.TakeWarnings().empty());
  EXPECT_TRUE(warnings.empty());
}

TEST(CommandSamplerTest, HeaderLinesAreSkipped) {
  std::vector<std::string> warnings;
  auto sampler = StartFakeSmiWith("FAKE_SMI_HEADER", "1", 50, &warnings);
  ASSERT_TRUE(sampler.ok()) << sampler.error();
  ASSERT_TRUE(WaitFor([&] { return (*sampler)->GpuCount() == 2; }));
  EXPECT_EQ((*sampler)->GpuCount(), 2);  // "index" is no GPU
}

TEST(CommandSamplerTest, ACommandThatEndsEarlyIsAWarningQuotingIt) {
  std::vector<std::string> warnings;
  auto sampler = StartFakeSmiWith("FAKE_SMI_BATCHES", "2", 20, &warnings);
  ASSERT_TRUE(sampler.ok()) << sampler.error();
  std::vector<std::string> said;
  ASSERT_TRUE(WaitFor([&] {
    for (auto& w : (*sampler)->TakeWarnings()) said.push_back(w);
    return !said.empty();
  }));
  EXPECT_THAT(said[0], HasSubstr("exited with status 3"));
  EXPECT_THAT(said[0], HasSubstr("stopping after 2 intervals"));
  EXPECT_THAT(said[0], HasSubstr("-lms"));
}

TEST(CommandSamplerTest, AMissingProgramIsAnError) {
  std::vector<std::string> warnings;
  auto sampler = StartCommand("no-such-sampler-anywhere -lms 200", &warnings);
  ASSERT_FALSE(sampler.ok());
  EXPECT_THAT(sampler.error(), HasSubstr("no-such-sampler-anywhere"));
  EXPECT_THAT(sampler.error(), HasSubstr("BENCH_GPU_CMD"));
}

TEST(DcgmSamplerTest, ScrapesTheExporterAndMarksWindows) {
  const std::string text =
      test::ReadFileOrFail("bench/facts/gpu/testdata/dcgm_two_gpus.txt");
  test::TinyHttpServer exporter([&](const test::HttpExchange& r, int) {
    return r.path == "/metrics" ? test::Answer{200, text}
                                : test::Answer{404, "no"};
  });
  std::vector<std::string> warnings;
  GpuSourceSettings settings = GpuSourceFromEnv(MapEnv(
      {{"BENCH_DCGM_URL", "/metrics"}, {"BENCH_GPU_INTERVAL_MS", "20"}}));
  auto sampler =
      GpuSampler::Start(settings, exporter.url(), ClientOptions{},
                        [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(sampler.ok()) << sampler.error();
  ASSERT_NE(*sampler, nullptr);
  GpuSampler& s = **sampler;
  EXPECT_EQ(s.source(), "DCGM exporter " + exporter.url() + "/metrics");
  EXPECT_EQ(s.GpuCount(), 2);
  EXPECT_THAT(s.GpuNames(),
              ElementsAre("NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"));
  // A window opens after a reading and closes before one, so the counter's
  // readings bracket it.
  s.Mark();
  const Clock::time_point begin = Clock::now();
  const int asked = exporter.requests();
  ASSERT_TRUE(WaitFor([&] { return exporter.requests() > asked + 2; }));
  const Clock::time_point end = Clock::now();
  s.Mark();
  const GpuWindowFigures f = s.Over(begin, end);
  EXPECT_THAT(f.power_w_max, Optional(testing::DoubleNear(482.47, 1e-9)));
  EXPECT_THAT(f.memory_used_gib_max, Optional(72.5));
  // The counter stood still in this script: no energy was used.
  EXPECT_THAT(f.energy_j, Optional(0.0));
  EXPECT_EQ(f.energy_method, "energy counter");
  EXPECT_TRUE(warnings.empty());
}

TEST(DcgmSamplerTest, AnExporterWithoutGpuSeriesIsAWarningNotAnError) {
  test::TinyHttpServer exporter([](const test::HttpExchange&, int) {
    return test::Answer{200, "vllm:kv_cache_usage_perc 0.1\n"};
  });
  std::vector<std::string> warnings;
  auto sampler = GpuSampler::Start(
      GpuSourceFromEnv(MapEnv({{"BENCH_DCGM_URL", exporter.url() + "/m"}})),
      "http://unused", ClientOptions{},
      [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_TRUE(sampler.ok()) << sampler.error();
  EXPECT_EQ(*sampler, nullptr);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("has no DCGM_FI_DEV_POWER_USAGE"));
  EXPECT_THAT(warnings[0], HasSubstr("stay unknown"));
}

}  // namespace
}  // namespace servebench
