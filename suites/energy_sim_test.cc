// End to end: GPU power, energy and energy per output token against the
// simulator's DCGM-like series (--dcgm), whose power follows its load with
// a documented truth (tools/sim/README.md, "GPU power and energy"), and
// against a fake sampling command (BENCH_GPU_CMD).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/base/runfiles.h"
#include "suites/suite_run_test_util.h"

namespace servebench {
namespace {

using testing::HasSubstr;

// TTFT = 20 ms + 10 us per prompt token, then a token every 4 ms.
constexpr char kTiming[] =
    "--ttft-base-ms 20 --prefill-us-per-token 10 --tpot-ms 4 ";
constexpr double kTtftBaseMs = 20, kPrefillMsPerToken = 0.010, kTpotMs = 4;
constexpr int kRuns = 2, kGpus = 2;
constexpr double kWattsPerRequest = 30;
const std::vector<std::pair<int, int>> kPairs = {{128, 64}, {256, 32}};

// A request's active phase in the simulator's power model: admission to
// its last token, TTFT + (n - 1) x TPOT (no queueing, no prefix cache; the
// prompt is exactly ISL tokens, calibrated with /tokenize).
double ActiveSeconds(int isl, int osl) {
  return (kTtftBaseMs + kPrefillMsPerToken * isl + (osl - 1) * kTpotMs) / 1000;
}

double Prop(const SuiteRunOutput& out, const std::string& test,
            const std::string& name) {
  auto props = Properties(out.Case(test));
  EXPECT_TRUE(props.count(name)) << test << " has no property " << name;
  return props.count(name) ? std::stod(props[name]) : -1;
}

void RunWithDcgm(const std::string& dir, double idle_watts,
                 SuiteRunOutput& out) {
  out.exit_code = RunCoreSuite(
      dir,
      {{"BENCH_SIM", "1"},
       {"BENCH_SIM_FLAGS",
        std::string(kTiming) + "--dcgm --gpus " + std::to_string(kGpus) +
            " --gpu-idle-watts " + std::to_string(idle_watts) +
            " --gpu-watts-per-request " + std::to_string(kWattsPerRequest)},
       {"BENCH_DCGM_URL", "/dcgm/metrics"},
       // Several readings inside each request, so the peak is seen.
       {"BENCH_GPU_INTERVAL_MS", "50"},
       {"BENCH_SUITE_FILE", WriteSuite(dir, kPairs)},
       {"BENCH_WARMUP_RUNS", "1"},
       {"BENCH_RUNS", std::to_string(kRuns)}});
  ReadSuiteRunOutput(dir, out);
}

// The suite-level record of the two GPUs: their names and where they were
// read (a part of the source, which holds a port or a runfiles path).
void ExpectTwoGpus(const SuiteRunOutput& out, const std::string& names,
                   const std::string& source_part) {
  auto suite = Attributes(out.Suite());
  EXPECT_EQ(suite["gpu_count"], "2");
  EXPECT_EQ(suite["gpu_names"], names);
  EXPECT_THAT(suite["gpu_source"], HasSubstr(source_part));
}

std::string Name(int isl, int osl) {
  return "Measure/Isl" + std::to_string(isl) + "Osl" + std::to_string(osl);
}

TEST(DcgmEnergyTest, EnergyAndJoulesPerTokenMatchTheSimulatorsTruth) {
  // Without idle power the energy of a case is exactly its requests':
  // gpus x w x sum of their active phases.
  SuiteRunOutput out;
  RunWithDcgm(test::TempDir("dcgm_no_idle"), 0, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  for (const auto& [isl, osl] : kPairs) {
    const std::string test = Name(isl, osl);
    const double energy =
        kGpus * kWattsPerRequest * kRuns * ActiveSeconds(isl, osl);
    const double per_token = energy / (kRuns * osl);
    EXPECT_NEAR(Prop(out, test, "gpu_energy_j"), energy, energy * 0.02) << test;
    EXPECT_NEAR(Prop(out, test, "energy_per_output_token_j"), per_token,
                per_token * 0.02)
        << test;
    // Average power over the window the figures cover.
    const double window = Prop(out, test, "gpu_window_s");
    EXPECT_NEAR(Prop(out, test, "gpu_power_w_avg"), energy / window,
                energy / window * 0.02)
        << test;
    // One request at a time: the peak is gpus x w.
    EXPECT_NEAR(Prop(out, test, "gpu_power_w_max"), kGpus * kWattsPerRequest,
                0.01)
        << test;
    EXPECT_EQ(Properties(out.Case(test))["gpu_energy_method"],
              "energy counter");
  }
  ExpectTwoGpus(out, "NVIDIA H100 80GB HBM3; NVIDIA H100 80GB HBM3",
                "/dcgm/metrics");
  // The results JSON has them too.
  const rapidjson::Value* result = out.Result(128, 64);
  ASSERT_NE(result, nullptr);
  EXPECT_TRUE((*result)["server"].HasMember("energy_per_output_token_j"));
  EXPECT_EQ(out.json["server"]["gpu_count"].GetInt(), 2);
}

TEST(DcgmEnergyTest, WithIdlePowerTheIdleTermIsCountedToo) {
  constexpr double kIdle = 60;
  SuiteRunOutput out;
  RunWithDcgm(test::TempDir("dcgm_idle"), kIdle, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  for (const auto& [isl, osl] : kPairs) {
    const std::string test = Name(isl, osl);
    const double window = Prop(out, test, "gpu_window_s");
    const double energy =
        kGpus *
        (kIdle * window + kWattsPerRequest * kRuns * ActiveSeconds(isl, osl));
    EXPECT_NEAR(Prop(out, test, "gpu_energy_j"), energy, energy * 0.02) << test;
    EXPECT_NEAR(Prop(out, test, "gpu_power_w_avg"), energy / window,
                energy / window * 0.02)
        << test;
    EXPECT_NEAR(Prop(out, test, "energy_per_output_token_j"),
                energy / (kRuns * osl), energy / (kRuns * osl) * 0.02)
        << test;
    EXPECT_NEAR(Prop(out, test, "gpu_power_w_max"),
                kGpus * (kIdle + kWattsPerRequest), 0.01)
        << test;
    // Framebuffer in use: weights + KV cache (44.2 + 62.2 GiB) per GPU.
    EXPECT_NEAR(Prop(out, test, "gpu_memory_used_gib_max"), kGpus * 106.4, 0.01)
        << test;
  }
}

TEST(DcgmEnergyTest, ALoadLevelGetsItsSteadyWindowsPowerAndEnergy) {
  // Four streams in a closed loop keep about four requests active: the
  // steady window's average power is close to gpus x w x 4, and its energy
  // per output token is that power over its output rate.
  const std::string dir = test::TempDir("dcgm_load");
  SuiteRunOutput out;
  out.exit_code = RunCoreSuite(
      dir, {{"BENCH_SIM", "1"},
            {"BENCH_SIM_FLAGS", std::string(kTiming) +
                                    "--dcgm --gpus 2 --gpu-idle-watts 0 "
                                    "--gpu-watts-per-request 30"},
            {"BENCH_DCGM_URL", "/dcgm/metrics"},
            {"BENCH_GPU_INTERVAL_MS", "50"},
            // As in load_sim_test: other builds beside this test delay the
            // client by tens of ms, which is not what it checks.
            {"BENCH_CLIENT_LAG_LIMIT_MS", "50"},
            {"BENCH_SUITE_FILE",
             WriteSuite(dir, {{128, 64}}, "suite.toml", "concurrency = [4]\n")},
            {"BENCH_WARMUP_RUNS", "1"},
            {"BENCH_RUNS", "2"}});
  ReadSuiteRunOutput(dir, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  const std::string test = "Measure/Isl128Osl64Conc4";
  const double power = Prop(out, test, "gpu_power_w_avg");
  EXPECT_GT(power, kGpus * kWattsPerRequest * 4 * 0.9);
  EXPECT_LE(power, kGpus * kWattsPerRequest * 4 * 1.001);
  EXPECT_NEAR(Prop(out, test, "energy_per_output_token_j"),
              power / Prop(out, test, "output_tps"),
              power / Prop(out, test, "output_tps") * 0.02);
}

TEST(GpuCommandTest, AFakeNvidiaSmiGivesConstantPowerAndItsEnergy) {
  auto script = Runfile("bench/facts/gpu/testdata/fake_nvidia_smi.sh");
  ASSERT_TRUE(script.ok()) << script.error();
  const std::string dir = test::TempDir("gpu_cmd");
  SuiteRunOutput out;
  out.exit_code = RunCoreSuite(
      dir, {{"BENCH_SIM", "1"},
            {"BENCH_SIM_FLAGS", kTiming},
            {"BENCH_GPU_CMD",
             *script + " --query-gpu=index,power.draw,memory.used,name "
                       "--format=csv,noheader,nounits -lms 50"},
            {"BENCH_SUITE_FILE", WriteSuite(dir, {{128, 64}})},
            {"BENCH_WARMUP_RUNS", "1"},
            {"BENCH_RUNS", std::to_string(kRuns)}});
  ReadSuiteRunOutput(dir, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  const std::string test = Name(128, 64);
  // 100 W + 50 W, constant: the average is exact whatever the timing.
  EXPECT_EQ(Properties(out.Case(test))["gpu_power_w_avg"], "150.00");
  EXPECT_EQ(Properties(out.Case(test))["gpu_power_w_max"], "150.00");
  EXPECT_EQ(Properties(out.Case(test))["gpu_memory_used_gib_max"], "3.00");
  const double energy = Prop(out, test, "gpu_energy_j");
  // gpu_window_s is recorded to the millisecond.
  EXPECT_NEAR(energy, 150 * Prop(out, test, "gpu_window_s"), 150 * 0.0006);
  EXPECT_NEAR(Prop(out, test, "energy_per_output_token_j"),
              energy / (kRuns * 64), 1e-5);
  EXPECT_EQ(Properties(out.Case(test))["gpu_energy_method"],
            "integrated power");
  ExpectTwoGpus(out, "Fake GPU A; Fake GPU B", "fake_nvidia_smi.sh");
}

}  // namespace
}  // namespace servebench
