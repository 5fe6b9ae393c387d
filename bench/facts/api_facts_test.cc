// Memory facts from API bodies in the engines' documented shapes (values
// ours), and hostile ones.
#include "bench/facts/api_facts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::DoubleNear;
using testing::Optional;

// llama.cpp's /v1/models as its server README shows it (values ours).
constexpr char kLlamaCppModels[] = R"({"object":"list","data":[
  {"id":"m.gguf","object":"model","owned_by":"llamacpp",
   "meta":{"vocab_type":2,"n_vocab":128256,"n_ctx_train":131072,
           "n_embd":4096,"n_params":8030261312,"size":4912898304}}]})";

TEST(ApiFactsTest, LlamaCppWeightsAndEngineFromModels) {
  EXPECT_THAT(ModelMemoryFromModelsMeta(kLlamaCppModels, "m.gguf"),
              Optional(DoubleNear(4912898304.0 / (1 << 30), 1e-12)));
  EXPECT_EQ(EngineFromModels(kLlamaCppModels, "m.gguf"), Engine::kLlamaCpp);
  // Another model, or none of it: unknown.
  EXPECT_EQ(ModelMemoryFromModelsMeta(kLlamaCppModels, "other"), std::nullopt);
  EXPECT_EQ(EngineFromModels(kLlamaCppModels, "other"), std::nullopt);
}

TEST(ApiFactsTest, EngineOwners) {
  for (const auto& [owner, engine] :
       std::vector<std::pair<std::string, Engine>>{
           {"vllm", Engine::kVllm},
           {"sglang", Engine::kSglang},
           {"tensorrt_llm", Engine::kTrtllm}}) {
    EXPECT_EQ(
        EngineFromModels(
            R"({"data":[{"id":"m","owned_by":")" + owner + R"("}]})", "m"),
        engine)
        << owner;
  }
  EXPECT_EQ(
      EngineFromModels(R"({"data":[{"id":"m","owned_by":"openai"}]})", "m"),
      std::nullopt);
}

TEST(ApiFactsTest, SglangAndTrtllmKvTokens) {
  EXPECT_THAT(KvTokensFromServerInfo(
                  R"({"context_length":8192,"max_total_num_tokens":1131008})"),
              Optional(1131008));
  EXPECT_THAT(KvTokensFromIterationStats(
                  R"([{"iter":1,"kvCacheStats":{"maxNumBlocks":100,)"
                  R"("tokensPerBlock":32,"usedNumBlocks":3}},)"
                  R"({"iter":2,"kvCacheStats":{"maxNumBlocks":101294,)"
                  R"("tokensPerBlock":32}}])"),
              Optional(101294 * 32));
}

TEST(ApiFactsTest, HostileBodiesStateNothing) {
  for (const char* body :
       {"", "<html>", "[]", "{}", R"({"max_total_num_tokens":-1})",
        R"({"max_total_num_tokens":1e30})",
        R"({"max_total_num_tokens":"1131008"})",
        R"({"max_total_num_tokens":12.5})"}) {
    EXPECT_EQ(KvTokensFromServerInfo(body), std::nullopt) << body;
  }
  for (const char* body :
       {R"([{"kvCacheStats":{"maxNumBlocks":1e12,"tokensPerBlock":1e6}}])",
        R"([{"kvCacheStats":{"maxNumBlocks":10}}])", R"({"kvCacheStats":{}})",
        R"([7])"}) {
    EXPECT_EQ(KvTokensFromIterationStats(body), std::nullopt) << body;
  }
  EXPECT_EQ(ModelMemoryFromModelsMeta(
                R"({"data":[{"id":"m","meta":{"size":-4}}]})", "m"),
            std::nullopt);
  EXPECT_EQ(ModelMemoryFromModelsMeta(
                R"({"data":[{"id":"m","meta":{"size":1e300}}]})", "m"),
            std::nullopt);
  const std::string deep =
      "{\"data\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(EngineFromModels(deep, "m"), std::nullopt);
}

}  // namespace
}  // namespace servebench
