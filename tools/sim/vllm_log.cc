// vLLM V1 log line formats, filled from the simulator's configuration.
#include "tools/sim/vllm_log.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>

namespace servebench::sim {
namespace {

// The vLLM version whose log format this copies.
constexpr std::string_view kVllmVersion = "0.11.0";

std::string Printf(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof(text), format, value);
  return text;
}

// Python's repr() of a float for the short values configs hold: 0.9 -> "0.9".
std::string PyFloat(double value) {
  std::string s = Printf("%g", value);
  if (s.find_first_not_of("-0123456789") == std::string::npos) s += ".0";
  return s;
}

LogLine Api(std::string source, std::string message) {
  return LogLine{LogProcess::kApiServer, std::move(source), std::move(message)};
}

LogLine EngineCore(std::string source, std::string message) {
  return LogLine{LogProcess::kEngineCore, std::move(source),
                 std::move(message)};
}

}  // namespace

std::string WithThousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string FormatLogLine(const LogLine& line, int pid, const std::tm& local) {
  if (line.process == LogProcess::kVerbatim) {
    char stamp[64] = "";
    switch (line.stamp) {
      case LogStamp::kSglang:
        std::strftime(stamp, sizeof(stamp), "[%Y-%m-%d %H:%M:%S] ", &local);
        break;
      case LogStamp::kSglangTp0:
        std::strftime(stamp, sizeof(stamp), "[%Y-%m-%d %H:%M:%S TP0] ", &local);
        break;
      case LogStamp::kTrtllm:
        std::strftime(stamp, sizeof(stamp),
                      "[%m/%d/%Y-%H:%M:%S] [TRT-LLM] [I] ", &local);
        break;
      case LogStamp::kNone:
        break;
    }
    return stamp + line.message;
  }
  std::string out;
  const std::string pid_text = std::to_string(pid);
  switch (line.process) {
    case LogProcess::kApiServer:
      out = "(APIServer pid=" + pid_text + ") ";
      break;
    case LogProcess::kEngineCore:
      out = "(EngineCore_DP0 pid=" + pid_text + ") ";
      break;
    case LogProcess::kNone:
    case LogProcess::kVerbatim:
      break;
  }
  if (line.source.empty()) {
    // uvicorn pads the level name to 9 columns.
    return out + "INFO:     " + line.message;
  }
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%m-%d %H:%M:%S", &local);
  return out + "INFO " + stamp + " [" + line.source + "] " + line.message;
}

std::vector<LogLine> BootLines(const SimConfig& c, int port) {
  const std::string version(kVllmVersion);
  return {
      LogLine{LogProcess::kNone, "__init__.py:216",
              "Automatically detected platform cuda."},
      Api("api_server.py:1839", "vLLM API server version " + version),
      Api("utils.py:233",
          "non-default args: {'model_tag': '" + c.model + "', 'host': '" +
              c.host + "', 'port': " + std::to_string(port) + ", 'model': '" +
              c.model + "', 'max_model_len': " +
              std::to_string(c.max_model_len) + ", 'gpu_memory_utilization': " +
              PyFloat(c.gpu_memory_utilization) +
              ", 'seed': " + std::to_string(c.seed) + "}"),
      EngineCore("core.py:77",
                 "Initializing a V1 LLM engine (v" + version +
                     ") with config: model='" + c.model +
                     "', speculative_config=None, tokenizer='" + c.model +
                     "', skip_tokenizer_init=False, tokenizer_mode=auto, "
                     "revision=None, tokenizer_revision=None, "
                     "trust_remote_code=False, dtype=torch.bfloat16, "
                     "max_seq_len=" +
                     std::to_string(c.max_model_len) +
                     ", download_dir=None, load_format=auto, "
                     "tensor_parallel_size=1, pipeline_parallel_size=1, "
                     "data_parallel_size=1, disable_custom_all_reduce=False, "
                     "quantization=None, enforce_eager=False, "
                     "kv_cache_dtype=auto, device_config=cuda, seed=" +
                     std::to_string(c.seed) + ", served_model_name=" + c.model +
                     ", enable_prefix_caching=True, "
                     "chunked_prefill_enabled=True"),
      EngineCore("gpu_model_runner.py:2602",
                 "Starting to load model " + c.model + "..."),
  };
}

std::vector<LogLine> ReadyLines(const SimConfig& c, int port,
                                const std::vector<std::string>& routes) {
  const int64_t blocks = c.kv_cache_tokens / kKvBlockSize;
  const double concurrency =
      c.max_model_len > 0
          ? static_cast<double>(c.kv_cache_tokens) / c.max_model_len
          : 0;
  std::vector<LogLine> lines = {
      EngineCore("gpu_model_runner.py:2653",
                 "Model loading took " + Printf("%.4f", c.model_memory_gib) +
                     " GiB and " + Printf("%.6f", c.startup_delay_s) +
                     " seconds"),
      EngineCore("gpu_worker.py:298", "Available KV cache memory: " +
                                          Printf("%.2f", c.kv_cache_gib) +
                                          " GiB"),
      EngineCore(
          "kv_cache_utils.py:1087",
          "GPU KV cache size: " + WithThousands(c.kv_cache_tokens) + " tokens"),
      EngineCore("kv_cache_utils.py:1091",
                 "Maximum concurrency for " + WithThousands(c.max_model_len) +
                     " tokens per request: " + Printf("%.2f", concurrency) +
                     "x"),
      EngineCore("core.py:210",
                 "init engine (profile, create kv cache, warmup model) took " +
                     Printf("%.2f", c.startup_delay_s) + " seconds"),
      Api("loggers.py:147",
          "Engine 000: vllm cache_config_info with initialization after "
          "num_gpu_blocks is: " +
              std::to_string(blocks)),
      Api("api_server.py:1912", "Starting vLLM API server 0 on http://" +
                                    c.host + ":" + std::to_string(port)),
      Api("launcher.py:34", "Available routes are:"),
  };
  if (!c.log_memory) {
    // The weights and KV cache memory lines (the first two).
    lines.erase(lines.begin(), lines.begin() + 2);
  }
  for (const std::string& route : routes) {
    lines.push_back(Api("launcher.py:42", "Route: " + route));
  }
  const std::string pid = std::to_string(::getpid());
  lines.push_back(Api("", "Started server process [" + pid + "]"));
  lines.push_back(Api("", "Waiting for application startup."));
  lines.push_back(Api("", "Application startup complete."));
  return lines;
}

LogLine AccessLine(std::string_view peer, std::string_view method,
                   std::string_view target, int status,
                   std::string_view reason) {
  return Api("", std::string(peer) + " - \"" + std::string(method) + " " +
                     std::string(target) + " HTTP/1.1\" " +
                     std::to_string(status) + " " + std::string(reason));
}

LogLine SpecDecodingLine(const SpecStats& stats, double interval_s) {
  auto ratio = [](double num, double den) { return den > 0 ? num / den : 0; };
  std::string message =
      "SpecDecoding metrics: Mean acceptance length: " +
      Printf("%.2f", 1 + ratio(stats.accepted, stats.drafts)) +
      ", Accepted throughput: " +
      Printf("%.2f", ratio(stats.accepted, interval_s)) +
      " tokens/s, Drafted throughput: " +
      Printf("%.2f", ratio(stats.draft_tokens, interval_s)) +
      " tokens/s, Accepted: " + std::to_string(stats.accepted) +
      " tokens, Drafted: " + std::to_string(stats.draft_tokens) +
      " tokens, Per-position acceptance rate: ";
  for (size_t j = 0; j < stats.accepted_per_position.size(); ++j) {
    if (j > 0) message += ", ";
    message +=
        Printf("%.3f", ratio(stats.accepted_per_position[j], stats.drafts));
  }
  message += ", Avg Draft acceptance rate: " +
             Printf("%.1f", 100 * ratio(stats.accepted, stats.draft_tokens)) +
             "%";
  return Api("metrics.py:101", std::move(message));
}

LogSink::LogSink(std::FILE* out) : out_(out), pid_(::getpid()) {}

void LogSink::Write(const LogLine& line) {
  std::time_t now =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  ::localtime_r(&now, &local);
  std::string text = FormatLogLine(line, pid_, local);
  text += '\n';
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

void LogSink::Write(const std::vector<LogLine>& lines) {
  for (const LogLine& line : lines) Write(line);
}

}  // namespace servebench::sim
