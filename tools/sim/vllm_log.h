// The simulator's log, in the format of vLLM V1 (v0.11) so that log scrapers
// written against real servers can be exercised without a GPU. Formats are
// copied from real lines (shared fixture logs/vllm_v1_0.11.log), e.g.
//   (EngineCore_DP0 pid=7) INFO 11-27 20:00:00 [kv_cache_utils.py:1087] GPU KV
//   cache size: 1,131,008 tokens (APIServer pid=7) INFO 11-27 20:00:00
//   [api_server.py:1912] Starting vLLM API server 0 on http://127.0.0.1:8000
//   (APIServer pid=7) INFO:     Application startup complete.
// with the simulator's flag values in place of measured ones.
#ifndef SERVEBENCH_TOOLS_SIM_VLLM_LOG_H_
#define SERVEBENCH_TOOLS_SIM_VLLM_LOG_H_

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/config.h"
#include "tools/sim/spec_decode.h"

namespace servebench::sim {

// The vLLM process a line appears to come from (its "(Name pid=N) " prefix);
// kVerbatim: another engine's line, written as `message` after its `stamp`.
enum class LogProcess { kNone, kApiServer, kEngineCore, kVerbatim };

// The time prefix of another engine's line (engine_log.h), filled in when
// the line is written:
//   kSglang:    "[2025-11-30 11:18:05] "
//   kSglangTp0: "[2025-11-30 11:18:05 TP0] " (its scheduler process)
//   kTrtllm:    "[11/30/2025-11:18:05] [TRT-LLM] [I] "
enum class LogStamp { kNone, kSglang, kSglangTp0, kTrtllm };

struct LogLine {
  LogProcess process = LogProcess::kApiServer;
  // "file.py:LINE" for vLLM's logger; empty for uvicorn's "INFO:     " lines.
  std::string source;
  std::string message;
  LogStamp stamp = LogStamp::kNone;  // kVerbatim lines only
};

// 1131008 -> "1,131,008", as Python's f"{n:,}".
std::string WithThousands(int64_t value);

// One line, without the trailing newline.
std::string FormatLogLine(const LogLine& line, int pid, const std::tm& local);

// What vLLM prints from launch until it starts loading weights.
std::vector<LogLine> BootLines(const SimConfig& config, int port);

// What vLLM prints once loading ends: memory and KV-cache sizing, the server
// address and routes, then "Application startup complete.".
std::vector<LogLine> ReadyLines(const SimConfig& config, int port,
                                const std::vector<std::string>& routes);

// uvicorn's access log line for one request.
LogLine AccessLine(std::string_view peer, std::string_view method,
                   std::string_view target, int status,
                   std::string_view reason);

// vLLM V1's speculative decoding summary, in its newest (2026) format:
//   SpecDecoding metrics: Mean acceptance length: 2.20, Accepted throughput:
//   15.60 tokens/s, Drafted throughput: 38.99 tokens/s, Accepted: 78 tokens,
//   Drafted: 195 tokens, Per-position acceptance rate: 0.615, 0.415, 0.169,
//   Avg Draft acceptance rate: 40.0%
// for `stats` gathered over `interval_s` seconds (throughputs are 0 when the
// interval is not positive). vLLM logs it every 10 s for the whole engine;
// the simulator logs one per finished request, for that request.
LogLine SpecDecodingLine(const SpecStats& stats, double interval_s);

// Writes lines to a FILE*, whole lines at a time from any thread, flushing
// each so that a reader tailing the file sees it at once.
class LogSink {
 public:
  explicit LogSink(std::FILE* out);
  void Write(const LogLine& line);
  void Write(const std::vector<LogLine>& lines);

 private:
  std::mutex mutex_;
  std::FILE* out_;
  int pid_;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_VLLM_LOG_H_
