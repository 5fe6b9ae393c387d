#include "bench/runner/server_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "testing/files.h"
#include "testing/tiny_http_server.h"

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
  EXPECT_EQ(info->max_model_len_source, "/v1/models max_model_len");
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
    EXPECT_THAT(
        info->max_model_len_source,
        HasSubstr(std::string("default; /v1/models max_model_len said ")))
        << sent;
    ASSERT_EQ(info->notes.size(), 1u) << sent;
    EXPECT_THAT(info->notes[0], HasSubstr("not a usable length")) << sent;
    EXPECT_THAT(info->notes[0], HasSubstr("using the default 131072"));
    EXPECT_THAT(info->notes[0], HasSubstr("BENCH_MAX_MODEL_LEN"));
  }
  auto minus = InterpretModelList(R"({"data":[{"id":"m","max_model_len":-5}]})",
                                  Settings{});
  EXPECT_EQ(minus->max_model_len_source,
            "default; /v1/models max_model_len said -5");
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

// A fixture fragment as JSON: its "#" lines and markdown "**" dropped.
std::string FragmentLines(const std::string& path) {
  const std::string text = test::ReadFileOrFail(path);
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("#", 0) == 0) continue;
    for (size_t at; (at = line.find("**")) != std::string::npos;) {
      line.erase(at, 2);
    }
    out += line + "\n";
  }
  return out;
}

TEST(InterpretModelListTest, RealVllmElementStatesItsLength) {
  std::string element = FragmentLines(
      "bench/runner/testdata/vllm_v1_models_fragment_2024-06.txt");
  element.erase(element.find_last_of(','));  // the fragment ends with ","
  auto info = InterpretModelList("{\"data\":[{" + element + "}]}", Settings{});
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->model, "meta-llama/Meta-Llama-3-8B-Instruct");
  EXPECT_EQ(info->max_model_len, 8192);
  EXPECT_EQ(info->max_model_len_source, "/v1/models max_model_len");
}

TEST(InterpretModelListTest, RealLlamaCppRouterElementStatesNoLength) {
  // Truncated inside status.args: close it.
  const std::string element =
      FragmentLines(
          "bench/runner/testdata/"
          "llamacpp_v1_models_router_mode_fragment_2026.txt") +
      "\"--ctx-size\"]}}";
  auto info = InterpretModelList("{\"data\":[" + element + "]}", Settings{});
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->model, "unsloth/gemma-4-31B-it-GGUF:IQ4_XS");
  EXPECT_EQ(info->max_model_len_source, "default");
  EXPECT_TRUE(info->models_statements.empty());
}

// llama.cpp's /v1/models shape (its server README): "meta" about the model.
constexpr char kLlamaCppModels[] = R"({"object":"list","data":[
  {"id":"Llama-3.1-8B-Q4_K_M.gguf","object":"model","owned_by":"llamacpp",
   "meta":{"vocab_type":2,"n_vocab":128256,"n_ctx":65536,
           "n_ctx_train":131072,"size":4912898304}}]})";
// /props as its README shows it, with our values: 4 slots of 16384 tokens.
constexpr char kLlamaCppProps[] = R"({"default_generation_settings":
  {"id":0,"n_ctx":16384,"speculative":false,"params":{"n_predict":-1}},
  "total_slots":4,"model_path":"/models/x.gguf","build_info":"b1-abc"})";

TEST(InterpretModelListTest, LlamaCppMetaContextIsUsedNotTheTrainingOne) {
  auto info = InterpretModelList(kLlamaCppModels, Settings{});
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->max_model_len, 65536);
  EXPECT_EQ(info->max_model_len_source, "/v1/models meta.n_ctx");
}

TEST(LengthStatementTest, PropsGivesTheContextOfOneSlot) {
  auto props = LengthFromProps(kLlamaCppProps);
  ASSERT_TRUE(props);
  EXPECT_EQ(props->length, 16384);
  EXPECT_EQ(props->source, "/props default_generation_settings.n_ctx");
  auto hostile =
      LengthFromProps(R"({"default_generation_settings":{"n_ctx":-1}})");
  ASSERT_TRUE(hostile);
  EXPECT_EQ(hostile->length, std::nullopt);
  EXPECT_EQ(hostile->unusable, "-1");
  for (const char* silent :
       {"", "[]", "<html>", R"({"total_slots":4})",
        R"({"default_generation_settings":{"n_ctx":null}})",
        R"({"default_generation_settings":7})"}) {
    EXPECT_EQ(LengthFromProps(silent), std::nullopt) << silent;
  }
}

TEST(LengthStatementTest, ServerInfoGivesContextLengthWhenSet) {
  auto set = LengthFromServerInfo(
      R"({"model_path":"m","context_length":32768,"max_total_num_tokens":9})");
  ASSERT_TRUE(set);
  EXPECT_EQ(set->length, 32768);
  EXPECT_EQ(set->source, "/get_server_info context_length");
  EXPECT_EQ(LengthFromServerInfo(R"({"context_length":null})"), std::nullopt);
}

TEST(ChooseMaxModelLenTest, PassesOverUnusableValuesAndSaysSo) {
  ServerInfo info;
  info.model = "m";
  ChooseMaxModelLen({{"/props default_generation_settings.n_ctx", {}, "1e30"},
                     {"/v1/models meta.n_ctx", 8192, ""}},
                    info);
  EXPECT_EQ(info.max_model_len, 8192);
  EXPECT_EQ(info.max_model_len_source, "/v1/models meta.n_ctx");
  ASSERT_EQ(info.notes.size(), 1u);
  EXPECT_THAT(info.notes[0], HasSubstr("/props default_generation_settings"
                                       ".n_ctx gives 1e30"));
  EXPECT_THAT(info.notes[0], HasSubstr("using /v1/models meta.n_ctx = 8192"));

  ChooseMaxModelLen({}, info);
  EXPECT_EQ(info.max_model_len, kDefaultMaxModelLen);
  EXPECT_EQ(info.max_model_len_source, "default");
  EXPECT_TRUE(info.notes.empty());
}

// A server that answers `bodies` by path, 404 elsewhere; the paths asked.
struct EngineServer {
  explicit EngineServer(std::map<std::string, std::string> bodies)
      : server([bodies](const test::HttpExchange& r, int) {
          auto it = bodies.find(r.path);
          return it == bodies.end()
                     ? test::Answer{404, "not found"}
                     : test::Answer{200, it->second, "application/json"};
        }) {}
  Result<ServerInfo> Discover() {
    Settings settings;
    settings.url = server.url();
    settings.ready_timeout_s = 5;
    HttpClient client(ClientOptions{});
    return WaitForServer(client, settings, [](const std::string&) {});
  }
  std::vector<std::string> Paths() const {
    std::vector<std::string> paths;
    for (const auto& e : server.exchanges()) paths.push_back(e.path);
    return paths;
  }
  test::TinyHttpServer server;
};

TEST(WaitForServerTest, LlamaCppPropsBeatsTheModelsMeta) {
  EngineServer engine(
      {{"/v1/models", kLlamaCppModels}, {"/props", kLlamaCppProps}});
  auto info = engine.Discover();
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->max_model_len, 16384);
  EXPECT_EQ(info->max_model_len_source,
            "/props default_generation_settings.n_ctx");
  EXPECT_THAT(engine.Paths(), testing::ElementsAre("/v1/models", "/props"));
}

TEST(WaitForServerTest, SglangServerInfoWhenNothingElseStatesIt) {
  EngineServer engine(
      {{"/v1/models", R"({"data":[{"id":"m","owned_by":"sglang"}]})"},
       {"/get_server_info", R"({"context_length":32768})"}});
  auto info = engine.Discover();
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->max_model_len, 32768);
  EXPECT_EQ(info->max_model_len_source, "/get_server_info context_length");
}

TEST(WaitForServerTest, VllmStatesItInModelsAndIsAskedNothingMore) {
  EngineServer engine(
      std::map<std::string, std::string>{{"/v1/models", kVllmModels}});
  auto info = engine.Discover();
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->max_model_len, 65536);
  EXPECT_THAT(engine.Paths(), testing::ElementsAre("/v1/models"));
}

TEST(WaitForServerTest, HostilePropsFallBackToTheNextSourceWithANote) {
  EngineServer engine(
      {{"/v1/models", kLlamaCppModels},
       {"/props", R"({"default_generation_settings":{"n_ctx":"16384"}})"}});
  auto info = engine.Discover();
  ASSERT_TRUE(info.ok()) << info.error();
  EXPECT_EQ(info->max_model_len, 65536);
  EXPECT_EQ(info->max_model_len_source, "/v1/models meta.n_ctx");
  ASSERT_EQ(info->notes.size(), 1u);
  EXPECT_THAT(info->notes[0], HasSubstr("not a usable length"));
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
