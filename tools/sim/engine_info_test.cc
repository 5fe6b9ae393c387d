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

using ::testing::HasSubstr;
using testing::ParseJson;
using testing::Show;

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
  auto doc = ParseJson(SglangServerInfoBody(config, 30000));
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(Show(doc, "/context_length"), "4096");
  EXPECT_EQ(Show(doc, "/max_total_num_tokens"), "65536");
  EXPECT_EQ(Show(doc, "/max_running_requests"), "48");
  EXPECT_EQ(Show(doc, "/port"), "30000");
  EXPECT_EQ(Show(doc, "/max_req_input_len"), "4095");
}

TEST(EngineInfoTest, LlamaCppModelsCarriesMeta) {
  auto doc = ParseJson(LlamaCppModelsBody(Config(Engine::kLlamaCpp), 5));
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(Show(doc, "/object"), "list");
  EXPECT_EQ(Show(doc, "/data/0/id"), "org/m");
  EXPECT_EQ(Show(doc, "/data/0/owned_by"), "llamacpp");
  EXPECT_EQ(Show(doc, "/data/0/meta/n_ctx"), "4096");
  EXPECT_EQ(Show(doc, "/data/0/meta/n_ctx_train"), "131072");
  // The weights' bytes: 2 GiB.
  EXPECT_EQ(Show(doc, "/data/0/meta/size"), "2147483648");
  EXPECT_EQ(Show(doc, "/models/0/details/format"), "gguf");
}

TEST(EngineInfoTest, LlamaCppPropsStatesSlotContextAndSlots) {
  auto doc = ParseJson(LlamaCppPropsBody(Config(Engine::kLlamaCpp)));
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(Show(doc, "/default_generation_settings/n_ctx"), "4096");
  EXPECT_EQ(Show(doc, "/total_slots"), "4");  // llama-server's auto default
  EXPECT_EQ(Show(doc, "/build_info"), "b0-5e4b0000");
  EXPECT_EQ(Show(doc, "/default_generation_settings/params/temperature"),
            "0.800000011920929");
  SimConfig eight = Config(Engine::kLlamaCpp);
  eight.max_num_seqs = 8;
  auto with_slots = ParseJson(LlamaCppPropsBody(eight));
  EXPECT_EQ(Show(with_slots, "/total_slots"), "8");
}

TEST(EngineInfoTest, LlamaCppSlotsMarksTheBusyOnes) {
  auto doc = ParseJson(LlamaCppSlotsBody(Config(Engine::kLlamaCpp), 3));
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 4u);
  EXPECT_EQ(Show(doc, "/2/is_processing"), "true");
  EXPECT_EQ(Show(doc, "/3/is_processing"), "false");
  EXPECT_EQ(Show(doc, "/3/n_ctx"), "4096");
  EXPECT_EQ(Show(doc, "/3/id"), "3");
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
