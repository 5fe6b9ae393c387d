#include "bench/runner/server_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::HasSubstr;

// The shape of vLLM's /v1/models (see bench/testdata/api/).
constexpr char kVllmModels[] = R"({"object":"list","data":[
  {"id":"nvidia/Qwen3-Next-80B-A3B-Instruct-NVFP4","object":"model","created":1,
   "owned_by":"vllm","root":"nvidia/Qwen3-Next-80B-A3B-Instruct-NVFP4","parent":null,
   "max_model_len":65536,"permission":[]},
  {"id":"lora-adapter","object":"model","owned_by":"vllm","max_model_len":4096}]})";

TEST(InterpretModelListTest, FirstModelAndItsMaxModelLen) {
  auto info = InterpretModelList(kVllmModels, Settings{});
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->model, "nvidia/Qwen3-Next-80B-A3B-Instruct-NVFP4");
  EXPECT_EQ(info->model_source, "/v1/models");
  EXPECT_EQ(info->max_model_len, 65536);
  EXPECT_EQ(info->max_model_len_source, "/v1/models");
}

TEST(InterpretModelListTest, BenchModelSelectsAndEnvLengthWins) {
  Settings settings;
  settings.model = "lora-adapter";
  auto info = InterpretModelList(kVllmModels, settings);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->model, "lora-adapter");
  EXPECT_EQ(info->model_source, "BENCH_MODEL");
  EXPECT_EQ(info->max_model_len, 4096);

  settings.max_model_len = 2048;
  info = InterpretModelList(kVllmModels, settings);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->max_model_len, 2048);
  EXPECT_EQ(info->max_model_len_source, "BENCH_MAX_MODEL_LEN");
}

TEST(InterpretModelListTest, WithoutMaxModelLenFallsBackToSeedDefault) {
  // llama.cpp and TensorRT-LLM do not report max_model_len.
  auto info = InterpretModelList(
      R"({"object":"list","data":[{"id":"gpt-oss","object":"model"}]})",
      Settings{});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->max_model_len, 131072);
  EXPECT_EQ(info->max_model_len_source, "default");
}

TEST(InterpretModelListTest, UnknownBenchModelListsWhatIsServed) {
  Settings settings;
  settings.model = "typo-model";
  auto info = InterpretModelList(kVllmModels, settings);
  ASSERT_FALSE(info.ok());
  EXPECT_THAT(info.error(), HasSubstr("BENCH_MODEL=typo-model is not served"));
  EXPECT_THAT(info.error(), HasSubstr("lora-adapter"));
}

TEST(InterpretModelListTest, MalformedAnswersAreExplained) {
  EXPECT_THAT(InterpretModelList("<html>502</html>", Settings{}).error(),
              HasSubstr("did not answer with a JSON object"));
  EXPECT_THAT(InterpretModelList(R"({"data":[]})", Settings{}).error(),
              HasSubstr("no model"));
  EXPECT_THAT(InterpretModelList(R"({"data":[{"id":5}]})", Settings{}).error(),
              HasSubstr("string \"id\""));
}

TEST(InterpretModelListTest, NonsensicalLengthsAreIgnoredAndSaidSo) {
  for (const char* sent :
       {"-5", "0", "1e30", "8192.5", "\"8192\"", "true", "16777217", "NaN"}) {
    const std::string body =
        std::string(R"({"data":[{"id":"m","max_model_len":)") + sent + "}]}";
    auto info = InterpretModelList(body, Settings{});
    if (std::string(sent) == "NaN") {  // not JSON at all
      EXPECT_FALSE(info.ok());
      continue;
    }
    ASSERT_TRUE(info.ok()) << sent << ": " << info.error();
    EXPECT_EQ(info->max_model_len, kDefaultMaxModelLen) << sent;
    EXPECT_THAT(info->max_model_len_source,
                HasSubstr(std::string("default; /v1/models said ")))
        << sent;
    ASSERT_EQ(info->notes.size(), 1u) << sent;
    EXPECT_THAT(info->notes[0], HasSubstr("not a usable length")) << sent;
    EXPECT_THAT(info->notes[0], HasSubstr("using the default 131072"));
    EXPECT_THAT(info->notes[0], HasSubstr("BENCH_MAX_MODEL_LEN"));
  }
  auto minus = InterpretModelList(R"({"data":[{"id":"m","max_model_len":-5}]})",
                                  Settings{});
  EXPECT_EQ(minus->max_model_len_source, "default; /v1/models said -5");
}

TEST(InterpretModelListTest, WholeFloatsAndTheLargestLengthAreUsable) {
  auto whole = InterpretModelList(
      R"({"data":[{"id":"m","max_model_len":8192.0}]})", Settings{});
  EXPECT_EQ(whole->max_model_len, 8192);
  EXPECT_TRUE(whole->notes.empty());
  auto largest = InterpretModelList(
      R"({"data":[{"id":"m","max_model_len":16777216}]})", Settings{});
  EXPECT_EQ(largest->max_model_len, 16777216);
}

TEST(InterpretModelListTest, DeeplyNestedAnswersAreOneSentenceNotACrash) {
  for (const std::string& body :
       {"{\"object\":\"list\",\"data\":" + std::string(100000, '[') +
            std::string(100000, ']') + "}",
        std::string(100000, '[') + std::string(100000, ']')}) {
    auto info = InterpretModelList(body, Settings{});
    ASSERT_FALSE(info.ok());
    EXPECT_THAT(info.error(), HasSubstr("/v1/models"));
    EXPECT_THAT(info.error(), HasSubstr("nested deeper than 64 levels"));
    EXPECT_LT(info.error().size(), 1000u);
  }
}

TEST(WaitForServerTest, GivesUpAfterTheReadyTimeoutWithTheLastProblem) {
  Settings settings;
  settings.url = "http://127.0.0.1:9";  // discard port: nothing listens
  settings.ready_timeout_s = 0.5;
  HttpClient client(ClientOptions{1, 1, ""});
  auto info = WaitForServer(
      client, settings, [](const std::string&) {}, 0.1);
  ASSERT_FALSE(info.ok());
  EXPECT_THAT(info.error(), HasSubstr("was not ready within"));
  EXPECT_THAT(info.error(), HasSubstr("BENCH_READY_TIMEOUT"));
  EXPECT_THAT(info.error(), HasSubstr("127.0.0.1:9"));
  // The advice is said once, and the sentence ends once.
  const std::string& e = info.error();
  size_t mentions = 0;
  for (size_t at = 0; (at = e.find("BENCH_PORT", at)) != std::string::npos;
       ++at) {
    ++mentions;
  }
  EXPECT_EQ(mentions, 1u) << e;
  EXPECT_THAT(e, testing::Not(HasSubstr("?.")));
}

}  // namespace
}  // namespace servebench
