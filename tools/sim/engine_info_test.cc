// The info endpoints of the SGLang, llama.cpp and TensorRT-LLM
// personalities: exact bodies where the source gives the whole shape, the
// facts a client reads (context length, slots, memory) otherwise.
#include "tools/sim/engine_info.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/test_json.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

using testing::JsonShows;
using testing::ParseJson;

SimConfig Config(Engine engine) {
  return {.engine = engine,
          .model = "org/m",
          .max_model_len = 4096,
          .model_memory_gib = 2,
          .kv_cache_tokens = 65536};
}

TEST(EngineInfoTest, SglangModelsIsItsModelList) {
  EXPECT_EQ(SglangModelsBody(Config(Engine::kSglang), 1700000000),
            R"({"object":"list","data":[{"id":"org/m","object":"model",)"
            R"("created":1700000000,"owned_by":"sglang","root":"org/m",)"
            R"("parent":null,"max_model_len":4096}]})");
}

TEST(EngineInfoTest, SglangModelInfo) {
  EXPECT_EQ(SglangModelInfoBody(Config(Engine::kSglang)),
            R"({"model_path":"org/m","tokenizer_path":"org/m",)"
            R"("is_generation":true,"preferred_sampling_params":null,)"
            R"("weight_version":"default"})");
}

TEST(EngineInfoTest, SglangServerInfoStatesContextAndKvTokens) {
  SimConfig config = Config(Engine::kSglang);
  config.max_num_seqs = 48;
  EXPECT_THAT(SglangServerInfoBody(config, 30000),
              JsonShows({{"/context_length", "4096"},
                         {"/max_total_num_tokens", "65536"},
                         {"/max_running_requests", "48"},
                         {"/port", "30000"},
                         {"/max_req_input_len", "4095"}}));
}

TEST(EngineInfoTest, LlamaCppModelsCarriesMeta) {
  EXPECT_THAT(LlamaCppModelsBody(Config(Engine::kLlamaCpp), 5),
              JsonShows({{"/object", "list"},
                         {"/data/0/id", "org/m"},
                         {"/data/0/owned_by", "llamacpp"},
                         {"/data/0/meta/n_ctx", "4096"},
                         {"/data/0/meta/n_ctx_train", "131072"},
                         // The weights' bytes: 2 GiB.
                         {"/data/0/meta/size", "2147483648"},
                         {"/models/0/details/format", "gguf"}}));
}

TEST(EngineInfoTest, LlamaCppPropsStatesSlotContextAndSlots) {
  EXPECT_THAT(LlamaCppPropsBody(Config(Engine::kLlamaCpp)),
              JsonShows({{"/default_generation_settings/n_ctx", "4096"},
                         {"/total_slots", "4"},  // llama-server's auto default
                         {"/build_info", "b0-5e4b0000"},
                         {"/default_generation_settings/params/temperature",
                          "0.800000011920929"}}));
  SimConfig eight = Config(Engine::kLlamaCpp);
  eight.max_num_seqs = 8;
  EXPECT_THAT(LlamaCppPropsBody(eight), JsonShows({{"/total_slots", "8"}}));
}

TEST(EngineInfoTest, LlamaCppSlotsMarksTheBusyOnes) {
  const std::string body = LlamaCppSlotsBody(Config(Engine::kLlamaCpp), 3);
  auto doc = ParseJson(body);
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 4u);
  EXPECT_THAT(body, JsonShows({{"/2/is_processing", "true"},
                               {"/3/is_processing", "false"},
                               {"/3/n_ctx", "4096"},
                               {"/3/id", "3"}}));
}

TEST(EngineInfoTest, LlamaCppTokenizeTakesContentNotMessages) {
  OrApiError<std::string> plain =
      LlamaCppTokenizeBody(R"({"content":"hello world"})");
  ASSERT_TRUE(std::holds_alternative<std::string>(plain));
  EXPECT_EQ(std::get<std::string>(plain),
            "{\"tokens\":[" + std::to_string(TokenId("hello")) + "," +
                std::to_string(TokenId("world")) + "]}");
  // add_special prepends BOS; there is no "count" field.
  auto special = std::get<std::string>(
      LlamaCppTokenizeBody(R"({"content":"hello","add_special":true})"));
  EXPECT_EQ(special,
            "{\"tokens\":[128000," + std::to_string(TokenId("hello")) + "]}");
  // A chat body has no "content": no tokens, no error.
  auto chat = std::get<std::string>(LlamaCppTokenizeBody(
      R"({"messages":[{"role":"user","content":"hello"}]})"));
  EXPECT_EQ(chat, R"({"tokens":[]})");
  auto pieces = std::get<std::string>(
      LlamaCppTokenizeBody(R"({"content":"hi","with_pieces":true})"));
  EXPECT_EQ(pieces, "{\"tokens\":[{\"id\":" + std::to_string(TokenId("hi")) +
                        ",\"piece\":\"hi\"}]}");
  auto mixed =
      std::get<std::string>(LlamaCppTokenizeBody(R"({"content":[12,"hi"]})"));
  EXPECT_EQ(mixed, "{\"tokens\":[12," + std::to_string(TokenId("hi")) + "]}");
  OrApiError<std::string> bad = LlamaCppTokenizeBody("[");
  ASSERT_TRUE(std::holds_alternative<ApiError>(bad));
  EXPECT_EQ(std::get<ApiError>(bad).status, 400);
}

TEST(EngineInfoTest, TrtllmModelsAndVersion) {
  EXPECT_EQ(TrtllmModelsBody(Config(Engine::kTrtllm), 7),
            R"({"object":"list","data":[{"id":"org/m","object":"model",)"
            R"("created":7,"owned_by":"tensorrt_llm"}]})");
  EXPECT_EQ(TrtllmVersionBody(), R"({"version":"1.1.0rc3"})");
}

}  // namespace
}  // namespace servebench::sim
