// Memory and KV-cache facts read from an LLM server's own log.
//
// The seed methodology makes model memory, available KV cache and KV cache
// tokens mandatory report columns; servers print them only in their logs, in
// wording that changes from release to release. ParseServerLog turns a log
// into those figures, normalised to GiB, and keeps for each figure the log
// line it came from so a report can show its evidence.
//
// Contract:
//  - The engine is detected from the log text itself. A log that no parser
//    recognises gives Engine::kUnknown and no facts: never a guess.
//  - Only the LAST server start in the log is read (containers restart and
//    their logs pile up). Within that start, a fact printed more than once
//    takes its last value (TP ranks print the same figure; TensorRT-LLM's
//    PyTorch backend sizes the KV cache twice and the second one is final).
//  - A fact the log does not state stays std::nullopt, never 0.
#ifndef SERVEBENCH_BENCH_FACTS_LOGS_SERVER_FACTS_H_
#define SERVEBENCH_BENCH_FACTS_LOGS_SERVER_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace servebench {

enum class Engine { kUnknown, kVllm, kSglang, kTrtllm, kLlamaCpp };

struct ServerFacts {
  Engine engine = Engine::kUnknown;

  // Memory figures in GiB (2^30 bytes), per GPU as the server prints them.
  std::optional<double> model_memory_gib;
  std::optional<double> kv_cache_gib;
  std::optional<double> cuda_graph_memory_gib;

  std::optional<double> cuda_graph_capture_s;
  std::optional<double> gpu_memory_utilization;  // a fraction, e.g. 0.9
  // How many requests of max_model_len tokens fit in the KV cache at once.
  std::optional<double> max_concurrency;

  std::optional<int64_t> kv_cache_tokens;
  std::optional<int64_t> max_model_len;
  // vLLM's CUDAGraphMode name: NONE, PIECEWISE, FULL, FULL_DECODE_ONLY,
  // FULL_AND_PIECEWISE.
  std::optional<std::string> cudagraph_mode;

  // For each fact that is set, the log line it was read from, keyed by the
  // field name above ("kv_cache_gib"). Facts computed from several lines
  // (sums over devices) keep the last of them.
  std::map<std::string, std::string> sources;
};

ServerFacts ParseServerLog(std::string_view log);

// "vLLM", "SGLang", "TensorRT-LLM", "llama.cpp" or "unknown".
const char* EngineName(Engine engine);

// One known fact, named once for every output (JUnit properties, the results
// JSON's "server" block, tables): its name, its value as text (GiB, seconds
// and fractions with two decimals, token counts whole) and, for figures, the
// number.
struct FactField {
  std::string name;  // e.g. "model_memory_gib"
  std::string text;  // e.g. "44.20"
  std::optional<double> number;
  bool whole = false;  // a count (tokens): written as an integer
};

// The engine, then every fact that is known, in a fixed order; the sources
// are not included (see ServerFacts::sources).
std::vector<FactField> FactFields(const ServerFacts& facts);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_LOGS_SERVER_FACTS_H_
