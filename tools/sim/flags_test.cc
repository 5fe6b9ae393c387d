// Tests flag parsing, defaults and validation.
#include "tools/sim/flags.h"

#include <algorithm>
#include <functional>
#include <string>
#include <type_traits>
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

// One flag: the words that set it, and a check of its field in flags parsed
// without it (`defaults`) and with it (`parsed`).
struct FlagCase {
  std::vector<std::string> args;
  std::function<void(const SimFlags& defaults, const SimFlags& parsed)> expect;
};

// Expects `field` of SimConfig (or of SimFlags) to be `default_value`
// without its flag and `parsed_value` with it.
template <typename Owner, typename T>
std::function<void(const SimFlags&, const SimFlags&)> Field(
    T Owner::*field, std::type_identity_t<T> default_value,
    std::type_identity_t<T> parsed_value) {
  return [=](const SimFlags& defaults, const SimFlags& parsed) {
    auto owner = [](const SimFlags& flags) -> const Owner& {
      if constexpr (std::is_same_v<Owner, SimFlags>) {
        return flags;
      } else {
        return flags.config;
      }
    };
    EXPECT_EQ(owner(defaults).*field, default_value) << "default";
    EXPECT_EQ(owner(parsed).*field, parsed_value) << "parsed";
  };
}

// Every flag with its documented default and a value it binds; together
// they make one valid configuration. A field without words keeps its
// default.
const std::vector<FlagCase>& Flags() {
  using C = SimConfig;
  static const std::vector<FlagCase> flags = {
      {{"--engine", "llamacpp"},
       Field(&C::engine, Engine::kVllm, Engine::kLlamaCpp)},
      {{"--host", "0.0.0.0"}, Field(&C::host, "127.0.0.1", "0.0.0.0")},
      {{"--port", "8000"}, Field(&C::port, 0, 8000)},
      {{"--threads", "4"}, Field(&C::threads, 1, 4)},
      {{"--port-file", "/p"}, Field(&SimFlags::port_file, "", "/p")},
      {{"--model", "m"}, Field(&C::model, "servebench/sim-llama-8b", "m")},
      {{"--max-model-len", "4096"}, Field(&C::max_model_len, 8192, 4096)},
      {{"--ttft-base-ms", "1.5"}, Field(&C::ttft_base_ms, 20, 1.5)},
      {{"--prefill-us-per-token", "2"}, Field(&C::prefill_us_per_token, 50, 2)},
      {{"--tpot-ms", "3"}, Field(&C::tpot_ms, 4, 3)},
      {{"--jitter-pct", "10"}, Field(&C::jitter_pct, 0, 10)},
      {{"--seed", "7"}, Field(&C::seed, 1, 7)},
      {{"--early-stop-fraction", "0.5"},
       Field(&C::early_stop_fraction, 0.25, 0.5)},
      {{"--startup-delay-s", "2"}, Field(&C::startup_delay_s, 0, 2)},
      {{"--log-file", "/l"}, Field(&SimFlags::log_file, "", "/l")},
      {{"--model-memory-gib", "1"}, Field(&C::model_memory_gib, 44.2, 1)},
      {{"--kv-cache-gib", "2"}, Field(&C::kv_cache_gib, 62.2, 2)},
      {{"--kv-cache-tokens", "8192"},
       Field(&C::kv_cache_tokens, 1131008, 8192)},
      {{"--gpu-memory-utilization", "0.8"},
       Field(&C::gpu_memory_utilization, 0.9, 0.8)},
      {{"--no-log-memory"}, Field(&C::log_memory, true, false)},
      {{"--dcgm"}, Field(&C::dcgm, false, true)},
      {{"--gpus", "4"}, Field(&C::gpus, 1, 4)},
      {{"--gpu-idle-watts", "70"}, Field(&C::gpu_idle_watts, 60, 70)},
      {{"--gpu-watts-per-request", "12.5"},
       Field(&C::gpu_watts_per_request, 25, 12.5)},
      {{"--gpu-memory-gib", "141"}, Field(&C::gpu_memory_gib, 80, 141)},
      {{"--gpu-model-name", "NVIDIA H200"},
       Field(&C::gpu_model_name, "NVIDIA H100 80GB HBM3", "NVIDIA H200")},
      {{"--max-num-seqs", "16"}, Field(&C::max_num_seqs, 0, 16)},
      {{"--kv-admission"}, Field(&C::kv_admission, false, true)},
      {{"--batch-tpot-alpha", "0.02"}, Field(&C::batch_tpot_alpha, 0, 0.02)},
      {{"--role-chunk", "before-prefill"},
       Field(&C::role_chunk, RoleChunk::kWithFirstToken,
             RoleChunk::kBeforePrefill)},
      {{"--lateness-log-s", "0"}, Field(&C::lateness_log_s, 10, 0)},
      {{"--spec-tokens", "3"}, Field(&C::spec_tokens, 0, 3)},
      {{"--spec-acceptance", "0.5"}, Field(&C::spec_acceptance, 0.7, 0.5)},
      {{"--prefix-cache"}, Field(&C::prefix_cache, false, true)},
      {{"--prefix-cache-tokens", "4096"},
       Field(&C::prefix_cache_tokens, 1000000, 4096)},
      {{"--reasoning-tokens", "20"}, Field(&C::reasoning_tokens, 0, 20)},
      {{"--reasoning-field", "both"},
       Field(&C::reasoning_field, ReasoningField::kReasoningContent,
             ReasoningField::kBoth)},
      {{"--ignore-ignore-eos"}, Field(&C::ignore_ignore_eos, false, true)},
      {{"--reject-fields", "min_tokens,ignore_eos"},
       Field(&C::reject_fields, {}, {"min_tokens", "ignore_eos"})},
      {{"--fault", "stall-mid"},
       Field(&C::fault, FaultKind::kNone, FaultKind::kStallMid)},
      {{}, Field(&C::fault_rate, 0, 0)},
      {{"--fault-every", "2"}, Field(&C::fault_every, 0, 2)},
      {{"--fault-stall-s", "1.5"}, Field(&C::fault_stall_s, 10, 1.5)},
      {{"--models-nested"}, Field(&C::models_nested, false, true)},
      {{"--nesting-depth", "10000000"},
       Field(&C::nesting_depth, 100000, 10000000)},
      {{"--nesting-kind", "object"},
       Field(&C::nesting_kind, NestingKind::kArray, NestingKind::kObject)},
      {{"--advertised-max-model-len", "-5"},
       Field(&C::advertised_max_model_len, "", "-5")},
  };
  return flags;
}

TEST(FlagsTest, EveryFlagHasItsDocumentedDefaultAndIsBound) {
  SimFlags defaults;
  ASSERT_EQ(Parse({}, defaults), "");
  std::vector<std::string> every_flag;
  for (const FlagCase& flag : Flags()) {
    every_flag.insert(every_flag.end(), flag.args.begin(), flag.args.end());
  }
  SimFlags parsed;
  ASSERT_EQ(Parse(every_flag, parsed), "");
  for (const FlagCase& flag : Flags()) {
    SCOPED_TRACE(::testing::PrintToString(flag.args));
    flag.expect(defaults, parsed);
  }
  EXPECT_TRUE(ValidateConfig(defaults.config).ok());
  EXPECT_TRUE(ValidateConfig(parsed.config).ok());
  EXPECT_FALSE(SaturationEnabled(defaults.config));
  EXPECT_TRUE(SaturationEnabled(parsed.config));
}

TEST(FlagsTest, NegatedAndAlternativeSpellings) {
  SimFlags off;
  ASSERT_EQ(Parse({"--prefix-cache", "--no-prefix-cache"}, off), "");
  EXPECT_FALSE(off.config.prefix_cache);
  SimFlags inflated;
  ASSERT_EQ(Parse({"--fault", "inflated-prompt-usage", "--fault-every", "1"},
                  inflated),
            "");
  EXPECT_EQ(inflated.config.fault, FaultKind::kInflatedPromptUsage);
  EXPECT_TRUE(ValidateConfig(inflated.config).ok());
  for (const char* engine : {"sglang", "trtllm", "vllm"}) {
    SimFlags f;
    EXPECT_EQ(Parse({"--engine", engine}, f), "") << engine;
  }
}

TEST(FlagsTest, OutOfRangeValuesAreRejected) {
  const std::vector<std::vector<std::string>> refused = {
      {"--port", "70000"},
      {"--max-model-len", "0"},
      {"--tpot-ms", "-1"},
      {"--jitter-pct", "150"},
      {"--early-stop-fraction", "1.5"},
      {"--role-chunk", "sometimes"},
      {"--kv-cache-tokens", "8"},
      {"--no-such-flag"},
      {"--threads", "0"},
      {"--threads", "65"},
      {"--threads", "-1"},
      {"--lateness-log-s", "-1"},
      {"--lateness-log-s", "86401"},
      {"--lateness-log-s", "1e300"},
      {"--nesting-depth", "0"},
      {"--nesting-depth", "10000001"},
      {"--nesting-kind", "list"},
      {"--spec-tokens", "-1"},
      {"--spec-tokens", "17"},
      {"--spec-acceptance", "1.5"},
      {"--reasoning-field", "thoughts"},
      {"--fault", "explode"},
      {"--fault-rate", "2"},
      {"--engine", "tgi"},
      {"--gpus", "0"},
      {"--gpus", "65"},
      {"--gpu-idle-watts", "-1"},
      {"--max-num-seqs", "-1"},
      {"--batch-tpot-alpha", "-0.5"},
  };
  for (const std::vector<std::string>& args : refused) {
    SimFlags flags;
    EXPECT_NE(Parse(args, flags), "") << ::testing::PrintToString(args);
  }
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

TEST(FlagsTest, ValidateConfigRejectsThreadsAndLatenessLog) {
  SimConfig c;
  c.threads = 0;
  EXPECT_FALSE(ValidateConfig(c).ok());
  c.threads = 2;
  c.lateness_log_s = -1;
  EXPECT_FALSE(ValidateConfig(c).ok());
  c.lateness_log_s = 1e300;
  EXPECT_FALSE(ValidateConfig(c).ok());
}

TEST(FlagsTest, ValidateConfigRejectsHostileModesOutOfRange) {
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

TEST(FlagsTest, ValidateConfigNeedsOneFaultSelector) {
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

TEST(FlagsTest, ValidateConfigNeedsRoomForKvAdmission) {
  SimConfig small_kv;
  small_kv.kv_admission = true;
  small_kv.kv_cache_tokens = 100;
  small_kv.max_model_len = 200;
  EXPECT_FALSE(ValidateConfig(small_kv).ok());
}

}  // namespace
}  // namespace servebench::sim
