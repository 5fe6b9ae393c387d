// Engine detection and dispatch: every fixture is attributed to its server,
// and text no parser recognises gives kUnknown with no facts.
#include "bench/facts/logs/server_facts.h"

#include <string>

#include "bench/facts/logs/engine_parsers.h"
#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

struct FixtureEngine {
  const char* file;
  Engine engine;
};

class DetectEngineTest : public ::testing::TestWithParam<FixtureEngine> {};

TEST_P(DetectEngineTest, FixtureIsAttributedToItsServer) {
  EXPECT_EQ(EngineName(DetectEngine(FixtureLog(GetParam().file))),
            std::string(EngineName(GetParam().engine)));
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, DetectEngineTest,
    ::testing::Values(
        FixtureEngine{"vllm_v0_0.5.log", Engine::kVllm},
        FixtureEngine{"vllm_v0_0.6.log", Engine::kVllm},
        FixtureEngine{"vllm_v0_0.8.log", Engine::kVllm},
        FixtureEngine{"vllm_v1_0.7.log", Engine::kVllm},
        FixtureEngine{"vllm_v1_0.9.log", Engine::kVllm},
        FixtureEngine{"vllm_v1_0.10.log", Engine::kVllm},
        FixtureEngine{"vllm_v1_0.11.log", Engine::kVllm},
        FixtureEngine{"vllm_v1_2026.log", Engine::kVllm},
        FixtureEngine{"vllm_runtime_stats.log", Engine::kVllm},
        FixtureEngine{"sglang_2024.log", Engine::kSglang},
        FixtureEngine{"sglang_v0.4.x_2025.log", Engine::kSglang},
        FixtureEngine{"sglang_2026.log", Engine::kSglang},
        FixtureEngine{"sglang_ready_line_unresolved_citations.log",
                      Engine::kSglang},
        FixtureEngine{"trtllm_cpp_runtime_2023-2024.log", Engine::kTrtllm},
        FixtureEngine{"trtllm_pytorch_2025.log", Engine::kTrtllm},
        FixtureEngine{"llamacpp_server_2024.log", Engine::kLlamaCpp},
        FixtureEngine{"llamacpp_server_2025-2026.log", Engine::kLlamaCpp}),
    [](const ::testing::TestParamInfo<FixtureEngine>& info) {
      std::string name;
      for (const char* c = info.param.file; *c != '\0' && *c != '.'; ++c) {
        if (std::isalnum(static_cast<unsigned char>(*c))) name += *c;
      }
      return name + "N" + std::to_string(info.index);
    });

TEST(ParseServerLogTest, UnrelatedTextIsUnknownWithNoFacts) {
  const std::string text =
      "127.0.0.1 - - [10/Oct/2025:13:55:36 +0000] \"GET /index.html HTTP/1.1\" "
      "200 2326\n"
      "Loading configuration from /etc/app.conf (took 3 GB of patience)\n"
      "cache size: 1,024 entries; memory 2.5 GiB\n";
  const ServerFacts facts = ParseServerLog(text);
  EXPECT_THAT(facts, FactsAre(ServerFacts{.engine = Engine::kUnknown}));
  EXPECT_TRUE(facts.sources.empty());
}

TEST(ParseServerLogTest, EmptyLogIsUnknown) {
  EXPECT_THAT(ParseServerLog(""),
              FactsAre(ServerFacts{.engine = Engine::kUnknown}));
}

TEST(ParseServerLogTest, EvenlyMixedLogIsNotGuessed) {
  // One vLLM line and one SGLang line: no engine dominates.
  const std::string log =
      "INFO 01-30 03:18:12 gpu_model_runner.py:848] Loading model weights "
      "took 67.7229 GB\n"
      "[2025-03-27 21:33:31 TP0] KV Cache is allocated. #tokens: 834615, K "
      "size: 54.12 GB, V size: 54.12 GB\n";
  EXPECT_THAT(ParseServerLog(log),
              FactsAre(ServerFacts{.engine = Engine::kUnknown}));
}

TEST(ParseServerLogTest, DispatchesToTheDetectedEnginesParser) {
  // An SGLang "KV Cache is allocated" line inside a TensorRT-LLM log is not
  // read by the TensorRT-LLM parser.
  const std::string log =
      FixtureExcerpt("trtllm_pytorch_2025.log", "Source C") +
      "[2025-03-27 21:33:31 TP0] KV Cache is allocated. #tokens: 834615, K "
      "size: 54.12 GB, V size: 54.12 GB\n";
  EXPECT_THAT(ParseServerLog(log),
              FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                   .kv_cache_gib = 78.30,
                                   .kv_cache_tokens = 3731744}));
}

TEST(EngineNameTest, NamesEveryEngine) {
  EXPECT_STREQ(EngineName(Engine::kUnknown), "unknown");
  EXPECT_STREQ(EngineName(Engine::kVllm), "vLLM");
  EXPECT_STREQ(EngineName(Engine::kSglang), "SGLang");
  EXPECT_STREQ(EngineName(Engine::kTrtllm), "TensorRT-LLM");
  EXPECT_STREQ(EngineName(Engine::kLlamaCpp), "llama.cpp");
}

}  // namespace
}  // namespace servebench::server_logs
