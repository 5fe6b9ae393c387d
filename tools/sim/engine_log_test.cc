// Each personality's startup log: the project's own log scraper
// (bench/facts/logs) detects the engine and reads back the configured
// memory facts, and every line copies the format of a real line from the
// verbatim fixture logs (numbers aside).
#include "tools/sim/engine_log.h"

#include <regex>
#include <sstream>
#include <string>

#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"
#include "tools/sim/engine.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

SimConfig Config(Engine engine) {
  return {.engine = engine,
          .model = "org/sim-8b",
          .max_model_len = 16384,
          .model_memory_gib = 15.5,
          .kv_cache_gib = 40.25,
          .kv_cache_tokens = 327680,
          .gpu_memory_gib = 80};
}

std::string LogText(const SimConfig& config) {
  // 2025-11-30 11:18:05.
  const std::tm local{.tm_sec = 5,
                      .tm_min = 18,
                      .tm_hour = 11,
                      .tm_mday = 30,
                      .tm_mon = 10,
                      .tm_year = 125};
  std::string text;
  for (const auto& lines :
       {EngineBootLines(config, 8000), EngineReadyLines(config, 8000)}) {
    for (const LogLine& line : lines) {
      text += FormatLogLine(line, 4242, local) + "\n";
    }
  }
  return text;
}

struct Expected {
  Engine engine;
  servebench::Engine detected;
};

class EngineLogFactsTest : public ::testing::TestWithParam<Expected> {};

TEST_P(EngineLogFactsTest, TheScraperReadsTheConfiguredFacts) {
  const SimConfig config = Config(GetParam().engine);
  const ServerFacts facts = ParseServerLog(LogText(config));
  EXPECT_EQ(facts.engine, GetParam().detected);
  ASSERT_TRUE(facts.model_memory_gib.has_value());
  EXPECT_NEAR(*facts.model_memory_gib, 15.5, 0.005);
  ASSERT_TRUE(facts.kv_cache_gib.has_value());
  EXPECT_NEAR(*facts.kv_cache_gib, 40.25, 0.01);
  EXPECT_EQ(facts.kv_cache_tokens, 327680);
  EXPECT_EQ(facts.max_model_len, 16384);
}

TEST_P(EngineLogFactsTest, WithoutMemoryLinesTheLogStatesNoMemory) {
  SimConfig config = Config(GetParam().engine);
  config.log_memory = false;
  const ServerFacts facts = ParseServerLog(LogText(config));
  EXPECT_EQ(facts.engine, GetParam().detected);
  EXPECT_FALSE(facts.model_memory_gib.has_value());
  EXPECT_FALSE(facts.kv_cache_gib.has_value());
  EXPECT_EQ(facts.max_model_len, 16384);
}

INSTANTIATE_TEST_SUITE_P(
    Engines, EngineLogFactsTest,
    ::testing::Values(Expected{Engine::kVllm, servebench::Engine::kVllm},
                      Expected{Engine::kSglang, servebench::Engine::kSglang},
                      Expected{Engine::kLlamaCpp,
                               servebench::Engine::kLlamaCpp},
                      Expected{Engine::kTrtllm, servebench::Engine::kTrtllm}),
    [](const ::testing::TestParamInfo<Expected>& info) {
      return std::string(EngineFlagName(info.param.engine));
    });

// A line's form with the figures left out: runs of digits (and the dots
// and commas between them) become "N", runs of spaces one space, and the
// padding after "(" goes (printf widths pad short figures).
std::string Form(std::string line) {
  line = std::regex_replace(line, std::regex("type=[A-Za-z0-9_]+"), "type=T");
  line = std::regex_replace(line, std::regex("[0-9][0-9.,]*"), "N");
  line = std::regex_replace(line, std::regex("\\( +"), "(");
  return std::regex_replace(line, std::regex(" +"), " ");
}

// The first fixture line starting with `fixture_prefix` (after `strip`, a
// regex of a prefix to remove) and containing `also`, or "" after failing.
std::string FixtureLine(const std::string& fixture, const std::string& strip,
                        const std::string& fixture_prefix,
                        const std::string& also = "") {
  std::istringstream in(
      test::ReadFileOrFail("tools/sim/testdata/fixtures/" + fixture));
  const std::regex prefix(strip);
  for (std::string line; std::getline(in, line);) {
    line = std::regex_replace(line, prefix, "",
                              std::regex_constants::format_first_only);
    if (line.rfind(fixture_prefix, 0) == 0 &&
        line.find(also) != std::string::npos) {
      return line;
    }
  }
  ADD_FAILURE() << "no line starting " << fixture_prefix << " in " << fixture;
  return "";
}

std::string OurLine(const std::string& log, const std::string& strip,
                    const std::string& prefix) {
  std::istringstream in(log);
  const std::regex stamp(strip);
  for (std::string line; std::getline(in, line);) {
    line = std::regex_replace(line, stamp, "",
                              std::regex_constants::format_first_only);
    if (line.rfind(prefix, 0) == 0) return line;
  }
  ADD_FAILURE() << "no line starting " << prefix << " in\n" << log;
  return "";
}

TEST(EngineLogFormTest, SglangLinesHaveTheFixturesForm) {
  const std::string log = LogText(Config(Engine::kSglang));
  const std::string stamp = R"(^\[[0-9-]+ [0-9:]+( TP0)?\] )";
  for (const char* prefix :
       {"Load weight end.", "KV Cache is allocated.", "Memory pool end.",
        "max_total_num_tokens=", "INFO:     Uvicorn running on"}) {
    EXPECT_EQ(Form(OurLine(log, stamp, prefix)),
              Form(FixtureLine("sglang_v0.4.x_2025.log", stamp, prefix)))
        << prefix;
  }
  // Its timestamp prefix too, with and without the TP rank.
  EXPECT_TRUE(std::regex_search(
      log, std::regex(R"(\n\[2025-11-30 11:18:05 TP0\] Load weight end)")));
  EXPECT_TRUE(std::regex_search(
      log,
      std::regex(
          R"(\n\[2025-11-30 11:18:05\] INFO:     Started server process \[[0-9]+\]\n)")));
}

TEST(EngineLogFormTest, LlamaCppLinesHaveTheFixturesForm) {
  const std::string log = LogText(Config(Engine::kLlamaCpp));
  for (const char* prefix :
       {"llama_kv_cache_unified: size =", "llama_kv_cache_unified:      CUDA0",
        "llama_context: n_ctx_per_seq", "llama_context: n_seq_max",
        "main: server is listening on"}) {
    // The KV size line with a "seqs" field (a model without sliding
    // window attention).
    EXPECT_EQ(
        Form(OurLine(log, "^$", prefix)),
        Form(FixtureLine("llamacpp_server_2025-2026.log", "^$", prefix,
                         std::string(prefix).find("size =") != std::string::npos
                             ? "seqs"
                             : "")))
        << prefix;
  }
}

TEST(EngineLogFormTest, LlamaCppRequestTimingHasThe2026Form) {
  SimConfig config = Config(Engine::kLlamaCpp);
  CompletionPlan plan;
  plan.engine = Engine::kLlamaCpp;
  plan.prompt_tokens = 20;
  plan.generation.token_texts = {" a", " b", " c"};
  plan.step_sizes = {1, 1, 1};
  plan.token_offsets = {std::chrono::milliseconds(300),
                        std::chrono::milliseconds(310),
                        std::chrono::milliseconds(320)};
  plan.step_offsets = plan.token_offsets;
  std::string log;
  std::tm local{};
  for (const LogLine& line : EngineFinishedLines(plan, config, 1)) {
    log += FormatLogLine(line, 1, local) + "\n";
  }
  // The fixture's lines carry the 2026 "0.06.895.980 I " prefix.
  const std::string prefix = R"(^[0-9.]+ I )";
  for (const char* start :
       {"slot print_timing: id  1 | task 0 | prompt eval time",
        "slot print_timing: id  1 | task 0 |        eval time",
        "slot print_timing: id  1 | task 0 |       total time",
        "slot      release:"}) {
    const std::string ours = OurLine(
        log, "^$",
        std::regex_replace(std::string(start), std::regex("id  1 \\| task 0"),
                           "id  1 | task 1"));
    EXPECT_EQ(Form(ours),
              Form(FixtureLine("llamacpp_server_2025-2026.log", prefix, start)))
        << start;
  }
  EXPECT_THAT(log, HasSubstr("prompt eval time =     300.00 ms /    20 tokens "
                             "(   15.00 ms per token,    66.67 tokens per "
                             "second)"));
  EXPECT_THAT(log, HasSubstr("       eval time =      20.00 ms /     3 tokens "
                             "(    6.67 ms per token,   150.00 tokens per "
                             "second)"));
}

TEST(EngineLogFormTest, TrtllmLinesHaveTheFixturesForm) {
  const std::string log = LogText(Config(Engine::kTrtllm));
  const std::string stamp = R"(^\[[0-9/]+-[0-9:]+\] \[TRT-LLM\] \[I\] )";
  for (const char* prefix :
       {"Use ", "[TensorRT-LLM][INFO] [MemUsageChange] Allocated",
        "max_seq_len=", "[TensorRT-LLM] TensorRT-LLM version:",
        "[TensorRT-LLM][INFO] Number of tokens per block:",
        "INFO:     Uvicorn running on"}) {
    // The 1.1.0rc3 startup (DGX Spark) rather than 0.20.0's.
    EXPECT_EQ(
        Form(OurLine(log, stamp, prefix)),
        Form(FixtureLine(
            "trtllm_pytorch_2025.log", stamp, prefix,
            std::string(prefix).find("version") != std::string::npos ? "rc"
                                                                     : "")))
        << prefix;
  }
  EXPECT_THAT(log, HasSubstr("[11/30/2025-11:18:05] [TRT-LLM] [I] Use 15.50 "
                             "GB for model weights.\n"));
}

TEST(EngineLogTest, AccessLinesPerEngine) {
  auto text = [](Engine engine) {
    std::optional<LogLine> line = EngineAccessLine(
        engine, "127.0.0.1:5555", "POST", "/v1/chat/completions", 200, "OK");
    return line ? FormatLogLine(*line, 7, std::tm{}) : std::string("<none>");
  };
  EXPECT_THAT(text(Engine::kSglang),
              HasSubstr("] INFO:     127.0.0.1:5555 - \"POST "
                        "/v1/chat/completions HTTP/1.1\" 200 OK"));
  EXPECT_EQ(text(Engine::kTrtllm),
            "INFO:     127.0.0.1:5555 - \"POST /v1/chat/completions "
            "HTTP/1.1\" 200 OK");
  EXPECT_EQ(text(Engine::kLlamaCpp), "<none>");
  EXPECT_THAT(text(Engine::kVllm), HasSubstr("(APIServer pid=7) INFO:     "));
}

TEST(EngineLogTest, OnlyLlamaCppLogsFinishedRequests) {
  CompletionPlan plan;
  plan.engine = Engine::kSglang;
  EXPECT_TRUE(EngineFinishedLines(plan, Config(Engine::kSglang), 0).empty());
  plan.engine = Engine::kVllm;
  EXPECT_TRUE(EngineFinishedLines(plan, Config(Engine::kVllm), 0).empty());
}

TEST(EngineLogTest, NoOtherEnginesPhrases) {
  EXPECT_THAT(LogText(Config(Engine::kSglang)), Not(HasSubstr("vllm")));
  EXPECT_THAT(LogText(Config(Engine::kLlamaCpp)), Not(HasSubstr("vLLM")));
  EXPECT_THAT(LogText(Config(Engine::kTrtllm)), Not(HasSubstr("llama_")));
}

}  // namespace
}  // namespace servebench::sim
