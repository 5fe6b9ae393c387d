// Tests flag parsing, defaults and validation.
#include "tools/sim/flags.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

// Parses `args` (without the program name); returns the CLI11 error text.
std::string Parse(std::vector<std::string> args, SimFlags& flags) {
  CLI::App app;
  RegisterFlags(app, flags);
  std::reverse(args.begin(), args.end());  // CLI11 wants them reversed
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return "";
}

// Parses each command line of `command_lines` into fresh flags: each must be
// refused.
void ExpectEachRefused(
    const std::vector<std::vector<std::string>>& command_lines) {
  for (const std::vector<std::string>& args : command_lines) {
    SimFlags flags;
    EXPECT_NE(Parse(args, flags), "") << ::testing::PrintToString(args);
  }
}

TEST(FlagsTest, DefaultsAreTheDocumentedOnes) {
  SimFlags flags;
  ASSERT_EQ(Parse({}, flags), "");
  const SimConfig& c = flags.config;
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 0);
  EXPECT_EQ(c.model, "servebench/sim-llama-8b");
  EXPECT_EQ(c.max_model_len, 8192);
  EXPECT_EQ(c.ttft_base_ms, 20);
  EXPECT_EQ(c.prefill_us_per_token, 50);
  EXPECT_EQ(c.tpot_ms, 4);
  EXPECT_EQ(c.jitter_pct, 0);
  EXPECT_EQ(c.seed, 1u);
  EXPECT_EQ(c.early_stop_fraction, 0.25);
  EXPECT_EQ(c.startup_delay_s, 0);
  EXPECT_EQ(c.model_memory_gib, 44.2);
  EXPECT_EQ(c.kv_cache_gib, 62.2);
  EXPECT_EQ(c.kv_cache_tokens, 1131008);
  EXPECT_EQ(c.gpu_memory_utilization, 0.9);
  EXPECT_EQ(c.role_chunk, RoleChunk::kWithFirstToken);
  EXPECT_EQ(flags.port_file, "");
  EXPECT_EQ(flags.log_file, "");
  EXPECT_TRUE(ValidateConfig(c).ok());
}

TEST(FlagsTest, EveryFlagIsBound) {
  SimFlags flags;
  ASSERT_EQ(Parse({"--host",
                   "0.0.0.0",
                   "--port",
                   "8000",
                   "--port-file",
                   "/p",
                   "--model",
                   "m",
                   "--max-model-len",
                   "4096",
                   "--ttft-base-ms",
                   "1.5",
                   "--prefill-us-per-token",
                   "2",
                   "--tpot-ms",
                   "3",
                   "--jitter-pct",
                   "10",
                   "--seed",
                   "7",
                   "--early-stop-fraction",
                   "0.5",
                   "--startup-delay-s",
                   "2",
                   "--log-file",
                   "/l",
                   "--model-memory-gib",
                   "1",
                   "--kv-cache-gib",
                   "2",
                   "--kv-cache-tokens",
                   "3200",
                   "--gpu-memory-utilization",
                   "0.8",
                   "--role-chunk",
                   "before-prefill"},
                  flags),
            "");
  const SimConfig& c = flags.config;
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 8000);
  EXPECT_EQ(flags.port_file, "/p");
  EXPECT_EQ(c.model, "m");
  EXPECT_EQ(c.max_model_len, 4096);
  EXPECT_EQ(c.ttft_base_ms, 1.5);
  EXPECT_EQ(c.prefill_us_per_token, 2);
  EXPECT_EQ(c.tpot_ms, 3);
  EXPECT_EQ(c.jitter_pct, 10);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.early_stop_fraction, 0.5);
  EXPECT_EQ(c.startup_delay_s, 2);
  EXPECT_EQ(flags.log_file, "/l");
  EXPECT_EQ(c.model_memory_gib, 1);
  EXPECT_EQ(c.kv_cache_gib, 2);
  EXPECT_EQ(c.kv_cache_tokens, 3200);
  EXPECT_EQ(c.gpu_memory_utilization, 0.8);
  EXPECT_EQ(c.role_chunk, RoleChunk::kBeforePrefill);
}

TEST(FlagsTest, OutOfRangeValuesAreRejected) {
  ExpectEachRefused({
      {"--port", "70000"},
      {"--max-model-len", "0"},
      {"--tpot-ms", "-1"},
      {"--jitter-pct", "150"},
      {"--early-stop-fraction", "1.5"},
      {"--role-chunk", "sometimes"},
      {"--kv-cache-tokens", "8"},
      {"--no-such-flag"},
  });
}

TEST(FlagsTest, ValidateConfigExplains) {
  SimConfig c;
  c.early_stop_fraction = 2;
  Status s = ValidateConfig(c);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error(), ::testing::HasSubstr("early_stop_fraction"));
  c = SimConfig{};
  c.tpot_ms = -1;
  EXPECT_FALSE(ValidateConfig(c).ok());
}

TEST(FlagsTest, NewModesAreOffByDefault) {
  SimFlags flags;
  ASSERT_EQ(Parse({}, flags), "");
  const SimConfig& c = flags.config;
  EXPECT_EQ(c.spec_tokens, 0);
  EXPECT_EQ(c.spec_acceptance, 0.7);
  EXPECT_FALSE(c.prefix_cache);
  EXPECT_EQ(c.prefix_cache_tokens, 1000000);
  EXPECT_EQ(c.reasoning_tokens, 0);
  EXPECT_EQ(c.reasoning_field, ReasoningField::kReasoningContent);
  EXPECT_FALSE(c.ignore_ignore_eos);
  EXPECT_TRUE(c.reject_fields.empty());
  EXPECT_EQ(c.fault, FaultKind::kNone);
  EXPECT_EQ(c.fault_rate, 0);
  EXPECT_EQ(c.fault_every, 0);
  EXPECT_EQ(c.fault_stall_s, 10);
  EXPECT_TRUE(ValidateConfig(c).ok());
}

TEST(FlagsTest, NewModesParse) {
  SimFlags flags;
  ASSERT_EQ(Parse({"--spec-tokens",
                   "3",
                   "--spec-acceptance",
                   "0.5",
                   "--prefix-cache",
                   "--prefix-cache-tokens",
                   "4096",
                   "--reasoning-tokens",
                   "20",
                   "--reasoning-field",
                   "both",
                   "--ignore-ignore-eos",
                   "--reject-fields",
                   "min_tokens,ignore_eos",
                   "--fault",
                   "stall-mid",
                   "--fault-every",
                   "2",
                   "--fault-stall-s",
                   "1.5"},
                  flags),
            "");
  const SimConfig& c = flags.config;
  EXPECT_EQ(c.spec_tokens, 3);
  EXPECT_EQ(c.spec_acceptance, 0.5);
  EXPECT_TRUE(c.prefix_cache);
  EXPECT_EQ(c.prefix_cache_tokens, 4096);
  EXPECT_EQ(c.reasoning_tokens, 20);
  EXPECT_EQ(c.reasoning_field, ReasoningField::kBoth);
  EXPECT_TRUE(c.ignore_ignore_eos);
  EXPECT_THAT(c.reject_fields,
              ::testing::ElementsAre("min_tokens", "ignore_eos"));
  EXPECT_EQ(c.fault, FaultKind::kStallMid);
  EXPECT_EQ(c.fault_every, 2);
  EXPECT_EQ(c.fault_stall_s, 1.5);
  EXPECT_TRUE(ValidateConfig(c).ok());

  SimFlags off;
  ASSERT_EQ(Parse({"--prefix-cache", "--no-prefix-cache"}, off), "");
  EXPECT_FALSE(off.config.prefix_cache);
}

TEST(FlagsTest, HostileModesAreOffByDefaultAndParse) {
  SimFlags defaults;
  ASSERT_EQ(Parse({}, defaults), "");
  EXPECT_FALSE(defaults.config.models_nested);
  EXPECT_EQ(defaults.config.nesting_depth, 100000);
  EXPECT_EQ(defaults.config.nesting_kind, NestingKind::kArray);
  EXPECT_EQ(defaults.config.advertised_max_model_len, "");

  SimFlags flags;
  ASSERT_EQ(
      Parse({"--models-nested", "--nesting-depth", "10000000", "--nesting-kind",
             "object", "--advertised-max-model-len", "-5", "--fault",
             "inflated-prompt-usage", "--fault-every", "1"},
            flags),
      "");
  const SimConfig& c = flags.config;
  EXPECT_TRUE(c.models_nested);
  EXPECT_EQ(c.nesting_depth, 10000000);
  EXPECT_EQ(c.nesting_kind, NestingKind::kObject);
  EXPECT_EQ(c.advertised_max_model_len, "-5");
  EXPECT_EQ(c.fault, FaultKind::kInflatedPromptUsage);
  EXPECT_TRUE(ValidateConfig(c).ok());
}

TEST(FlagsTest, ThreadsAndLatenessLog) {
  SimFlags defaults;
  ASSERT_EQ(Parse({}, defaults), "");
  EXPECT_EQ(defaults.config.threads, 1);
  EXPECT_EQ(defaults.config.lateness_log_s, 10);
  SimFlags flags;
  ASSERT_EQ(Parse({"--threads", "4", "--lateness-log-s", "0"}, flags), "");
  EXPECT_EQ(flags.config.threads, 4);
  EXPECT_EQ(flags.config.lateness_log_s, 0);
  ExpectEachRefused({
      {"--threads", "0"},
      {"--threads", "65"},
      {"--threads", "-1"},
      {"--lateness-log-s", "-1"},
      {"--lateness-log-s", "86401"},
      {"--lateness-log-s", "1e300"},
  });
  SimConfig c;
  c.threads = 0;
  EXPECT_FALSE(ValidateConfig(c).ok());
  c.threads = 2;
  c.lateness_log_s = -1;
  EXPECT_FALSE(ValidateConfig(c).ok());
  c.lateness_log_s = 1e300;
  EXPECT_FALSE(ValidateConfig(c).ok());
}

TEST(FlagsTest, HostileModesRejectBadValues) {
  ExpectEachRefused({
      {"--nesting-depth", "0"},
      {"--nesting-depth", "10000001"},
      {"--nesting-kind", "list"},
  });
  for (const char* text : {"abc", "1e", "+5", "5,", "NaN"}) {
    SimConfig c;
    c.advertised_max_model_len = text;
    Status s = ValidateConfig(c);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_THAT(s.error(), ::testing::HasSubstr("--advertised-max-model-len"));
  }
  SimConfig c;
  c.advertised_max_model_len = "1" + std::string(2000, '0');
  EXPECT_FALSE(ValidateConfig(c).ok()) << "unbounded text";
  c.advertised_max_model_len = "1e400";
  EXPECT_TRUE(ValidateConfig(c).ok());
  c.nesting_depth = 0;
  EXPECT_FALSE(ValidateConfig(c).ok());
}

TEST(FlagsTest, NewModesRejectBadValues) {
  ExpectEachRefused({
      {"--spec-tokens", "-1"},
      {"--spec-tokens", "17"},
      {"--spec-acceptance", "1.5"},
      {"--reasoning-field", "thoughts"},
      {"--fault", "explode"},
      {"--fault-rate", "2"},
  });
  SimConfig c;
  c.fault = FaultKind::kHttp500;
  Status s = ValidateConfig(c);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error(), ::testing::HasSubstr("--fault-rate"));
  c.fault_rate = 0.5;
  c.fault_every = 2;
  EXPECT_FALSE(ValidateConfig(c).ok());
  c.fault_every = 0;
  EXPECT_TRUE(ValidateConfig(c).ok());
}

TEST(FlagsTest, EngineGpuAndSaturationFlags) {
  SimFlags defaults;
  ASSERT_EQ(Parse({}, defaults), "");
  const SimConfig& d = defaults.config;
  EXPECT_EQ(d.engine, Engine::kVllm);
  EXPECT_TRUE(d.log_memory);
  EXPECT_FALSE(d.dcgm);
  EXPECT_EQ(d.gpus, 1);
  EXPECT_EQ(d.gpu_idle_watts, 60);
  EXPECT_EQ(d.gpu_watts_per_request, 25);
  EXPECT_EQ(d.gpu_memory_gib, 80);
  EXPECT_EQ(d.gpu_model_name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(d.max_num_seqs, 0);
  EXPECT_FALSE(d.kv_admission);
  EXPECT_EQ(d.batch_tpot_alpha, 0);
  EXPECT_FALSE(SaturationEnabled(d));

  SimFlags flags;
  ASSERT_EQ(Parse({"--engine", "llamacpp", "--no-log-memory", "--dcgm",
                   "--gpus", "4", "--gpu-idle-watts", "70",
                   "--gpu-watts-per-request", "12.5", "--gpu-memory-gib", "141",
                   "--gpu-model-name", "NVIDIA H200", "--max-num-seqs", "16",
                   "--kv-admission", "--batch-tpot-alpha", "0.02"},
                  flags),
            "");
  const SimConfig& c = flags.config;
  EXPECT_EQ(c.engine, Engine::kLlamaCpp);
  EXPECT_FALSE(c.log_memory);
  EXPECT_TRUE(c.dcgm);
  EXPECT_EQ(c.gpus, 4);
  EXPECT_EQ(c.gpu_idle_watts, 70);
  EXPECT_EQ(c.gpu_watts_per_request, 12.5);
  EXPECT_EQ(c.gpu_memory_gib, 141);
  EXPECT_EQ(c.gpu_model_name, "NVIDIA H200");
  EXPECT_EQ(c.max_num_seqs, 16);
  EXPECT_TRUE(c.kv_admission);
  EXPECT_EQ(c.batch_tpot_alpha, 0.02);
  EXPECT_TRUE(SaturationEnabled(c));
  EXPECT_TRUE(ValidateConfig(c).ok());

  for (const char* engine : {"sglang", "trtllm", "vllm"}) {
    SimFlags f;
    EXPECT_EQ(Parse({"--engine", engine}, f), "") << engine;
  }
  ExpectEachRefused({
      {"--engine", "tgi"},
      {"--gpus", "0"},
      {"--gpus", "65"},
      {"--gpu-idle-watts", "-1"},
      {"--max-num-seqs", "-1"},
      {"--batch-tpot-alpha", "-0.5"},
  });
  SimConfig small_kv;
  small_kv.kv_admission = true;
  small_kv.kv_cache_tokens = 100;
  small_kv.max_model_len = 200;
  EXPECT_FALSE(ValidateConfig(small_kv).ok());
}

}  // namespace
}  // namespace servebench::sim
