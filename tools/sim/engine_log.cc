// Log line formats of the SGLang, llama.cpp and TensorRT-LLM personalities.
#include "tools/sim/engine_log.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>

#include "tools/sim/engine.h"
#include "tools/sim/engine_info.h"
#include "tools/sim/router.h"

namespace servebench::sim {
namespace {

std::string Format(const char* format, ...) {
  char text[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof(text), format, args);
  va_end(args);
  return text;
}

LogLine Line(std::string message, LogStamp stamp = LogStamp::kNone) {
  return LogLine{LogProcess::kVerbatim, "", std::move(message), stamp};
}

// uvicorn's startup lines, after SGLang's time prefix or none.
void Uvicorn(std::vector<LogLine>& lines, const SimConfig& config, int port,
             LogStamp stamp) {
  const std::string pid = std::to_string(::getpid());
  lines.push_back(
      Line("INFO:     Started server process [" + pid + "]", stamp));
  lines.push_back(Line("INFO:     Waiting for application startup.", stamp));
  lines.push_back(Line("INFO:     Application startup complete.", stamp));
  lines.push_back(Line("INFO:     Uvicorn running on http://" + config.host +
                           ":" + std::to_string(port) +
                           " (Press CTRL+C to quit)",
                       stamp));
}

double Clamp0(double gib) { return std::max(gib, 0.0); }

// GPU memory free (GiB) before loading: the framebuffer less the CUDA
// context's half GiB.
double AvailBefore(const SimConfig& config) {
  return Clamp0(config.gpu_memory_gib - 0.5);
}

// vLLM's ready lines list its routes.
std::vector<LogLine> VllmReady(const SimConfig& c, int port) {
  return ReadyLines(c, port, RouteDescriptions());
}

std::vector<LogLine> SglangBoot(const SimConfig& c, int port) {
  const LogStamp tp0 = LogStamp::kSglangTp0;
  return {
      Line("server_args=ServerArgs(model_path='" + c.model +
               "', tokenizer_path='" + c.model + "', host='" + c.host +
               "', port=" + std::to_string(port) +
               Format(", context_length=%d, served_model_name='",
                      c.max_model_len) +
               c.model +
               Format("', mem_fraction_static=%g, max_running_requests=%lld, "
                      "random_seed=%llu)",
                      c.gpu_memory_utilization,
                      static_cast<long long>(ReportedMaxRunning(c)),
                      static_cast<unsigned long long>(c.seed)),
           LogStamp::kSglang),
      Line("Init torch distributed begin.", tp0),
      Line("Init torch distributed ends. mem usage=0.00 GB", tp0),
      Line(Format("Load weight begin. avail mem=%.2f GB", AvailBefore(c)), tp0),
  };
}

std::vector<LogLine> SglangReady(const SimConfig& c, int port) {
  const LogStamp tp0 = LogStamp::kSglangTp0;
  const double after_weights = Clamp0(AvailBefore(c) - c.model_memory_gib);
  const double after_pool = Clamp0(after_weights - c.kv_cache_gib);
  std::vector<LogLine> lines;
  if (c.log_memory) {
    lines.push_back(Line(
        Format("Load weight end. type=LlamaForCausalLM, "
               "dtype=torch.bfloat16, avail mem=%.2f GB, mem usage=%.2f GB.",
               after_weights, c.model_memory_gib),
        tp0));
    lines.push_back(
        Line(Format("KV Cache is allocated. #tokens: %lld, K size: %.2f GB, V "
                    "size: %.2f GB",
                    static_cast<long long>(c.kv_cache_tokens),
                    c.kv_cache_gib / 2, c.kv_cache_gib / 2),
             tp0));
  }
  lines.push_back(
      Line(Format("Memory pool end. avail mem=%.2f GB", after_pool), tp0));
  lines.push_back(
      Line(Format("max_total_num_tokens=%lld, chunked_prefill_size=8192, "
                  "max_prefill_tokens=16384, max_running_requests=%lld, "
                  "context_len=%d, available_gpu_mem=%.2f GB",
                  static_cast<long long>(c.kv_cache_tokens),
                  static_cast<long long>(ReportedMaxRunning(c)),
                  c.max_model_len, after_pool),
           tp0));
  Uvicorn(lines, c, port, LogStamp::kSglang);
  lines.push_back(
      Line("The server is fired up and ready to roll!", LogStamp::kSglang));
  return lines;
}

std::string GgufName(const SimConfig& c) {
  std::string name = c.model;
  std::replace(name.begin(), name.end(), '/', '_');
  return "/models/" + name + ".gguf";
}

std::vector<LogLine> LlamaCppBoot(const SimConfig& c, int port) {
  (void)port;
  return {
      Line("build: 0 (5e4b0000) with cc (Debian 12.2.0-14) 12.2.0 for "
           "x86_64-linux-gnu"),
      Line("system info: n_threads = 8, n_threads_batch = 8, total_threads = "
           "16"),
      Line("main: loading model"),
      Line("llama_model_loader: loaded meta data with 30 key-value pairs and "
           "292 tensors from " +
           GgufName(c) + " (version GGUF V3 (latest))"),
  };
}

std::vector<LogLine> LlamaCppReady(const SimConfig& c, int port) {
  const double kv_mib = c.kv_cache_gib * 1024;
  const long long slots = static_cast<long long>(ReportedMaxRunning(c));
  std::vector<LogLine> lines;
  lines.push_back(Line("load_tensors: offloaded 33/33 layers to GPU"));
  if (c.log_memory) {
    lines.push_back(
        Line(Format("load_tensors: %12s model buffer size = %8.2f MiB", "CUDA0",
                    c.model_memory_gib * 1024)));
  }
  lines.push_back(Line(Format("llama_context: n_seq_max     = %lld", slots)));
  lines.push_back(Line(Format("llama_context: n_ctx         = %lld",
                              static_cast<long long>(c.kv_cache_tokens))));
  lines.push_back(
      Line(Format("llama_context: n_ctx_per_seq = %d", c.max_model_len)));
  if (c.log_memory) {
    lines.push_back(
        Line(Format("llama_kv_cache_unified: %10s KV buffer size = %8.2f MiB",
                    "CUDA0", kv_mib)));
    lines.push_back(Line(Format(
        "llama_kv_cache_unified: size = %7.2f MiB (%6lld cells, %3d layers, "
        "%2lld seqs), K (f16): %7.2f MiB, V (f16): %7.2f MiB",
        kv_mib, static_cast<long long>(c.kv_cache_tokens), 32, slots,
        kv_mib / 2, kv_mib / 2)));
  }
  lines.push_back(Line("main: model loaded"));
  lines.push_back(Line("main: server is listening on http://" + c.host + ":" +
                       std::to_string(port) + " - starting the main loop"));
  lines.push_back(Line("srv  update_slots: all slots are idle"));
  return lines;
}

std::vector<LogLine> TrtllmBoot(const SimConfig& c, int port) {
  (void)c;
  (void)port;
  return {
      Line("[TensorRT-LLM] TensorRT-LLM version: " +
           std::string(kTrtllmVersion)),
      Line("Using LLM with PyTorch backend", LogStamp::kTrtllm),
  };
}

std::vector<LogLine> TrtllmReady(const SimConfig& c, int port) {
  const long long max_running = static_cast<long long>(ReportedMaxRunning(c));
  std::vector<LogLine> lines;
  if (c.log_memory) {
    lines.push_back(
        Line(Format("Use %.2f GB for model weights.", c.model_memory_gib),
             LogStamp::kTrtllm));
  }
  lines.push_back(Line("[TensorRT-LLM][INFO] Number of tokens per block: 32."));
  if (c.log_memory) {
    lines.push_back(Line(Format(
        "[TensorRT-LLM][INFO] [MemUsageChange] Allocated %.2f GiB for max "
        "tokens in paged KV cache (%lld).",
        c.kv_cache_gib, static_cast<long long>(c.kv_cache_tokens))));
  }
  lines.push_back(Line(Format("max_seq_len=%d, max_num_requests=%lld, "
                              "max_num_tokens=8192, max_batch_size=%lld",
                              c.max_model_len, max_running, max_running),
                       LogStamp::kTrtllm));
  Uvicorn(lines, c, port, LogStamp::kNone);
  return lines;
}

}  // namespace

std::vector<LogLine> EngineBootLines(const SimConfig& config, int port) {
  return PerEngine(config.engine, BootLines, SglangBoot, LlamaCppBoot,
                   TrtllmBoot)(config, port);
}

std::vector<LogLine> EngineReadyLines(const SimConfig& config, int port) {
  return PerEngine(config.engine, VllmReady, SglangReady, LlamaCppReady,
                   TrtllmReady)(config, port);
}

std::optional<LogLine> EngineAccessLine(Engine engine, std::string_view peer,
                                        std::string_view method,
                                        std::string_view target, int status,
                                        std::string_view reason) {
  const std::string message = "INFO:     " + std::string(peer) + " - \"" +
                              std::string(method) + " " + std::string(target) +
                              " HTTP/1.1\" " + std::to_string(status) + " " +
                              std::string(reason);
  switch (engine) {
    case Engine::kSglang:
      return Line(message, LogStamp::kSglang);
    case Engine::kTrtllm:
      return Line(message);
    case Engine::kLlamaCpp:
      return std::nullopt;
    case Engine::kVllm:
      break;
  }
  return AccessLine(peer, method, target, status, reason);
}

std::vector<LogLine> EngineFinishedLines(const CompletionPlan& plan,
                                         const SimConfig& config,
                                         uint64_t task) {
  if (plan.engine != Engine::kLlamaCpp) return {};
  const int64_t tokens = plan.completion_tokens();
  const Duration first =
      tokens > 0 ? plan.token_offsets.front() : plan.queue_delay;
  const Duration last = tokens > 0 ? plan.token_offsets.back() : first;
  auto ms = [](Duration d) {
    return static_cast<double>(
               std::chrono::duration_cast<std::chrono::microseconds>(d)
                   .count()) /
           1e3;
  };
  const double prompt_ms = ms(first - plan.queue_delay);
  const double eval_ms = ms(last - first);
  const long long prompt_n =
      static_cast<long long>(plan.prompt_tokens - plan.cached_tokens);
  const long long n = static_cast<long long>(tokens);
  const int slot = static_cast<int>(
      task % static_cast<uint64_t>(ReportedMaxRunning(config)));
  const unsigned long long id = static_cast<unsigned long long>(task);
  const std::string head =
      Format("slot print_timing: id %2d | task %llu | ", slot, id);
  return {
      Line(head + Format("prompt eval time = %10.2f ms / %5lld tokens (%8.2f "
                         "ms per token, %8.2f tokens per second)",
                         prompt_ms, prompt_n, prompt_ms / prompt_n,
                         1e3 / prompt_ms * prompt_n)),
      Line(head + Format("       eval time = %10.2f ms / %5lld tokens (%8.2f "
                         "ms per token, %8.2f tokens per second)",
                         eval_ms, n, eval_ms / n, 1e3 / eval_ms * n)),
      Line(head + Format("      total time = %10.2f ms / %5lld tokens",
                         prompt_ms + eval_ms, prompt_n + n)),
      Line(Format("slot %12s: id %2d | task %llu | stop processing: n_tokens "
                  "= %lld, truncated = 0",
                  "release", slot, id,
                  static_cast<long long>(plan.prompt_tokens) + n - 1)),
  };
}

}  // namespace servebench::sim
