// Tests that the startup log copies vLLM V1's line formats.
#include "tools/sim/vllm_log.h"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::tm Nov27At2000() {
  std::tm t{};
  t.tm_year = 125;
  t.tm_mon = 10;
  t.tm_mday = 27;
  t.tm_hour = 20;
  return t;
}

std::vector<std::string> Format(const std::vector<LogLine>& lines) {
  std::vector<std::string> out;
  for (const LogLine& line : lines) {
    out.push_back(FormatLogLine(line, 42, Nov27At2000()));
  }
  return out;
}

TEST(VllmLogTest, ThousandsSeparators) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(8192), "8,192");
  EXPECT_EQ(WithThousands(1131008), "1,131,008");
  EXPECT_EQ(WithThousands(-1234567), "-1,234,567");
}

TEST(VllmLogTest, LinePrefixes) {
  EXPECT_EQ(FormatLogLine({LogProcess::kEngineCore, "gpu_worker.py:298",
                           "Available KV cache memory: 62.20 GiB"},
                          42, Nov27At2000()),
            "(EngineCore_DP0 pid=42) INFO 11-27 20:00:00 [gpu_worker.py:298] "
            "Available KV cache memory: 62.20 GiB");
  EXPECT_EQ(FormatLogLine(
                {LogProcess::kApiServer, "", "Application startup complete."},
                42, Nov27At2000()),
            "(APIServer pid=42) INFO:     Application startup complete.");
  EXPECT_EQ(FormatLogLine({LogProcess::kNone, "__init__.py:216", "x"}, 42,
                          Nov27At2000()),
            "INFO 11-27 20:00:00 [__init__.py:216] x");
}

TEST(VllmLogTest, ReadyLinesWithDefaultFlags) {
  SimConfig config;
  std::vector<std::string> lines =
      Format(ReadyLines(config, 8000, {"/health, Methods: GET"}));
  const std::string engine = "(EngineCore_DP0 pid=42) INFO 11-27 20:00:00 ";
  const std::string api = "(APIServer pid=42) INFO 11-27 20:00:00 ";
  EXPECT_THAT(lines,
              Contains(engine + "[gpu_model_runner.py:2653] Model loading took "
                                "44.2000 GiB and 0.000000 seconds"));
  EXPECT_THAT(lines, Contains(engine + "[gpu_worker.py:298] Available KV cache "
                                       "memory: 62.20 GiB"));
  EXPECT_THAT(lines, Contains(engine + "[kv_cache_utils.py:1087] GPU KV cache "
                                       "size: 1,131,008 tokens"));
  EXPECT_THAT(lines,
              Contains(engine + "[kv_cache_utils.py:1091] Maximum concurrency "
                                "for 8,192 tokens per request: 138.06x"));
  EXPECT_THAT(lines, Contains(api + "[loggers.py:147] Engine 000: vllm "
                                    "cache_config_info with initialization "
                                    "after num_gpu_blocks is: 70688"));
  EXPECT_THAT(lines, Contains(api + "[api_server.py:1912] Starting vLLM API "
                                    "server 0 on http://127.0.0.1:8000"));
  EXPECT_THAT(lines, Contains(api + "[launcher.py:42] Route: /health, "
                                    "Methods: GET"));
  EXPECT_EQ(lines.back(),
            "(APIServer pid=42) INFO:     Application startup complete.");
}

TEST(VllmLogTest, ReadyLinesFollowTheFlags) {
  const SimConfig config{.max_model_len = 32768,
                         .startup_delay_s = 12.3,
                         .model_memory_gib = 15.5,
                         .kv_cache_gib = 20,
                         .kv_cache_tokens = 163840};
  std::vector<std::string> lines = Format(ReadyLines(config, 1, {}));
  std::string all;
  for (const std::string& line : lines) all += line + "\n";
  EXPECT_THAT(
      all, HasSubstr("Model loading took 15.5000 GiB and 12.300000 seconds"));
  EXPECT_THAT(all, HasSubstr("Available KV cache memory: 20.00 GiB"));
  EXPECT_THAT(all, HasSubstr("GPU KV cache size: 163,840 tokens"));
  EXPECT_THAT(
      all,
      HasSubstr("Maximum concurrency for 32,768 tokens per request: 5.00x"));
  EXPECT_THAT(all, HasSubstr("num_gpu_blocks is: 10240"));
}

TEST(VllmLogTest, BootLinesCarryTheEngineConfig) {
  SimConfig config;
  config.model = "m";
  std::string all;
  for (const std::string& line : Format(BootLines(config, 1234)))
    all += line + "\n";
  EXPECT_THAT(all, HasSubstr("vLLM API server version 0.11.0"));
  EXPECT_THAT(all, HasSubstr("non-default args: {'model_tag': 'm', 'host': "
                             "'127.0.0.1', 'port': 1234, 'model': 'm', "
                             "'max_model_len': 8192, "
                             "'gpu_memory_utilization': 0.9, 'seed': 1}"));
  EXPECT_THAT(all, HasSubstr("[core.py:77] Initializing a V1 LLM engine "
                             "(v0.11.0) with config: model='m'"));
  EXPECT_THAT(all, HasSubstr("max_seq_len=8192,"));
}

TEST(VllmLogTest, AccessLineIsUvicorns) {
  EXPECT_EQ(FormatLogLine(AccessLine("127.0.0.1:5555", "POST",
                                     "/v1/chat/completions", 200, "OK"),
                          42, Nov27At2000()),
            "(APIServer pid=42) INFO:     127.0.0.1:5555 - \"POST "
            "/v1/chat/completions HTTP/1.1\" 200 OK");
}

TEST(VllmLogTest, SinkWritesWholeLines) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  LogSink sink(file);
  sink.Write({LogLine{LogProcess::kApiServer, "", "one"},
              LogLine{LogProcess::kApiServer, "", "two"}});
  std::rewind(file);
  char buffer[256] = {};
  size_t n = std::fread(buffer, 1, sizeof(buffer) - 1, file);
  std::fclose(file);
  std::string text(buffer, n);
  const std::string prefix =
      "(APIServer pid=" + std::to_string(::getpid()) + ") INFO:     ";
  EXPECT_EQ(text, prefix + "one\n" + prefix + "two\n");
}

TEST(VllmLogTest, SpecDecodingLineIsTheNewestV1Format) {
  SpecStats stats{.drafts = 65,
                  .draft_tokens = 195,
                  .accepted = 78,
                  .accepted_per_position = {40, 27, 11}};
  EXPECT_EQ(FormatLogLine(SpecDecodingLine(stats, 5.0), 92107, Nov27At2000()),
            "(APIServer pid=92107) INFO 11-27 20:00:00 [metrics.py:101] "
            "SpecDecoding metrics: Mean acceptance length: 2.20, Accepted "
            "throughput: 15.60 tokens/s, Drafted throughput: 39.00 tokens/s, "
            "Accepted: 78 tokens, Drafted: 195 tokens, Per-position "
            "acceptance rate: 0.615, 0.415, 0.169, Avg Draft acceptance "
            "rate: 40.0%");
  EXPECT_THAT(SpecDecodingLine(SpecStats{}, 0).message,
              HasSubstr("Mean acceptance length: 1.00, Accepted throughput: "
                        "0.00 tokens/s"));
}

}  // namespace
}  // namespace servebench::sim
