// vLLM log parsing on logs built in the test: a cut excerpt, lines written
// here. Whole fixtures and excerpts are checked in fixture_facts_test.cc.
#include <string>

#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

using ::testing::Optional;

// The first `count` lines of a log: the first of two runs pasted together.
std::string FirstLines(const std::string& log, int count) {
  size_t end = 0;
  for (int i = 0; i < count; ++i) {
    const size_t newline = log.find('\n', end);
    if (newline == std::string::npos) return log;
    end = newline + 1;
  }
  return log.substr(0, end);
}

TEST(VllmLogTest, V06UnprefixedProfilingLines) {
  // "GPU blocks: 1952" lost its "# " in the paste and must still count.
  EXPECT_THAT(ParseServerLog(
                  FirstLines(FixtureExcerpt("vllm_v0_0.6.log", "Source B"), 4)),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 14.9888,
                                   .kv_cache_gib = 3.81,
                                   .gpu_memory_utilization = 0.90,
                                   .max_concurrency = 1.56,
                                   .kv_cache_tokens = 1952 * 16,
                                   .max_model_len = 20000}));
}

TEST(VllmLogTest, BlockSizeFromNonDefaultArgsScalesBlocks) {
  const std::string log =
      "INFO 07-17 13:38:58 api_server.py:215] vLLM API server version 0.5.2\n"
      "INFO 07-17 13:38:58 api_server.py:216] args: "
      "{'block_size': 32, 'gpu_memory_utilization': 0.95}\n" +
      FixtureExcerpt("vllm_v0_0.5.log", "Source A");
  const ServerFacts facts = ParseServerLog(log);
  EXPECT_THAT(facts.kv_cache_tokens, Optional(10039 * 32));
  EXPECT_THAT(facts.gpu_memory_utilization, Optional(0.95));
}

TEST(VllmLogTest, LogRecordAfterTqdmBarOnTheSameLineIsFound) {
  const std::string line =
      "Capturing CUDA graphs (decode, FULL):  97%|#####| 65/67 "
      "[00:15<00:00,  4.58it/s](Worker_TP3_EP3 pid=2709393) INFO 09-29 "
      "09:52:22 [gpu_model_runner.py:3468] Graph capturing finished in 38 "
      "secs, took 1.64 GiB\n";
  const ServerFacts facts = ParseServerLog(line);
  EXPECT_THAT(facts.cuda_graph_memory_gib, Optional(1.64));
  EXPECT_THAT(facts.cudagraph_mode, Optional(std::string("FULL_DECODE_ONLY")));
}

}  // namespace
}  // namespace servebench::server_logs
