// vLLM (V0 and V1 engines, 0.5 through 2026 builds): memory and KV-cache
// facts from the engine's startup log.
//
// Units: vLLM's old "Loading model weights took X GB" is GiB. The V0
// model_runner computed it as `self.model_memory_usage / float(2**30)` and
// only the unit label was wrong; later releases print the same figure as
// "Model loading took X GiB". Every other memory figure vLLM prints is
// labelled GiB and computed with 2**30.
#include <string>
#include <string_view>

#include "bench/facts/logs/engine_parsers.h"
#include "bench/facts/logs/log_scan.h"

namespace servebench::server_logs {
namespace {

// V0 reported KV capacity in blocks; the default block size has been 16
// tokens in every release covered here, and --block-size shows up in the
// config / non-default-args lines when changed.
constexpr int64_t kDefaultBlockSize = 16;

const Wordings kWeights = {
    R"(Loading model weights took ([0-9.]+) GB)",
    R"(Model loading took ([0-9.]+) GiB)",
    R"(model weights take ([0-9.]+) ?GiB)",
};
const Wordings kKvMemory = {
    R"(Available KV cache memory: ([0-9.]+) GiB)",
    R"(kv_cache_size=([0-9.]+) ?GiB)",
    R"(reserved for KV Cache is ([0-9.]+) ?GiB)",
    R"(Current kv cache memory in use is ([0-9.]+) GiB)",
    R"(reserved ([0-9.]+) GiB memory for KV Cache as specified by kv_cache_memory_bytes)",
};

const LogPattern kKvTokens(R"(GPU KV cache size: ([0-9,]+) tokens)");
const LogPattern kBlocks(R"((?:GPU|cuda) blocks: ([0-9]+))");
const LogPattern kBlockSize(R"(\bblock_size'?(?:=|: )([0-9]+))");
const LogPattern kConcurrency(
    R"(Maximum concurrency for ([0-9,]+) tokens per request: ([0-9.]+)x)");

const LogPattern kGraphDone(
    R"(Graph capturing finished in ([0-9.]+) secs?, took ([0-9.]+) GiB)");
const Wordings kGraphMemory = {
    R"(CUDA graph pool memory: ([0-9.]+) GiB \(actual\))",
    R"(([0-9.]+) GiB for CUDAGraph memory)",
};
const LogPattern kGraphEstimate(
    R"(Estimated CUDA graph memory: ([0-9.]+) GiB)");

const Wordings kUtilization = {
    R"(gpu_memory_utilization'?(?:=| \(|: )([0-9.]+))",
    R"(current --gpu-memory-utilization=([0-9.]+))",
    R"(Desired GPU memory utilization is \(([0-9.]+))",
};

const Wordings kMaxModelLen = {
    R"(\bmax_model_len'?(?:=|: )([0-9]+))",
    R"(\bmax_seq_len=([0-9]+))",
    R"(max seq len \(([0-9]+)\))",
};

const LogPattern kEagerNoGraphs(R"(Cudagraph is disabled)");
const LogPattern kCaptureBar(
    R"(Capturing CUDA graphs \((mixed prefill-decode|decode), (PIECEWISE|FULL)\))");
const LogPattern kGraphProfiling(R"(Profiling CUDA graph memory: ([^\r]*))");

// Which kinds of CUDA graph a start captured; together they name the
// CUDAGraphMode (vLLM >= 0.11 prints one tqdm bar per kind).
struct GraphKinds {
  bool mixed_piecewise = false;
  bool mixed_full = false;
  bool decode_full = false;

  const char* Mode() const {
    if (mixed_piecewise && decode_full && !mixed_full) {
      return "FULL_AND_PIECEWISE";
    }
    if (mixed_piecewise && !decode_full && !mixed_full) return "PIECEWISE";
    if (mixed_full && !mixed_piecewise && !decode_full) return "FULL";
    if (decode_full && !mixed_piecewise && !mixed_full) {
      return "FULL_DECODE_ONLY";
    }
    return nullptr;
  }
};

// Memory-graph figures ranked so a measured one is never replaced by a
// later estimate of the same start.
enum GraphEvidence { kNone, kEstimated, kMeasured };

}  // namespace

ServerFacts ParseVllmLog(std::string_view log) {
  int64_t block_size = kDefaultBlockSize;
  GraphKinds graph_kinds;
  GraphEvidence graph_evidence = kNone;
  // The API server's version line is the first line of a start; offline
  // engines (and logs cut before it) only have the engine config line.
  const StartMarkers starts = {
      {"vLLM API server version"},
      {"Initializing a V0 LLM engine", "Initializing a V1 LLM engine",
       "Initializing an LLM engine"}};
  return ReadLastStart(log, Engine::kVllm, starts, [&](LogLine& line) {
    if (line.FindFirst(kWeights)) {
      line.Record(fact::kModelMemoryGib, Number(line[1]));
    }
    if (line.FindFirst(kKvMemory)) {
      line.Record(fact::kKvCacheGib, Number(line[1]));
    }
    if (line.Find(kBlockSize)) block_size = Integer(line[1]);
    if (line.Find(kKvTokens)) {
      line.Record(fact::kKvCacheTokens, Integer(line[1]));
    } else if (line.Find(kBlocks)) {
      line.Record(fact::kKvCacheTokens, Integer(line[1]) * block_size);
    }
    if (line.Find(kConcurrency)) {
      line.Record(fact::kMaxModelLen, Integer(line[1]));
      line.Record(fact::kMaxConcurrency, Number(line[2]));
    }
    if (line.FindFirst(kMaxModelLen)) {
      line.Record(fact::kMaxModelLen, Integer(line[1]));
    }
    if (line.FindFirst(kUtilization)) {
      line.Record(fact::kGpuMemoryUtilization, Number(line[1]));
    }
    if (line.Find(kGraphDone)) {
      line.Record(fact::kCudaGraphCaptureS, Number(line[1]));
      line.Record(fact::kCudaGraphMemoryGib, Number(line[2]));
      graph_evidence = kMeasured;
    } else if (line.FindFirst(kGraphMemory)) {
      line.Record(fact::kCudaGraphMemoryGib, Number(line[1]));
      graph_evidence = kMeasured;
    } else if (graph_evidence != kMeasured && line.Find(kGraphEstimate)) {
      line.Record(fact::kCudaGraphMemoryGib, Number(line[1]));
      graph_evidence = kEstimated;
    }

    bool graph_line = false;
    if (line.Find(kEagerNoGraphs)) {
      graph_kinds = GraphKinds{};
      line.Record(fact::kCudagraphMode, "NONE");
    } else if (line.Find(kCaptureBar)) {
      const bool full = line[2] == "FULL";
      if (line[1] == "decode") {
        graph_kinds.decode_full |= full;
      } else {
        (full ? graph_kinds.mixed_full : graph_kinds.mixed_piecewise) = true;
      }
      graph_line = true;
    } else if (line.Find(kGraphProfiling)) {
      // "PIECEWISE=51 (...), FULL=35 (...)": with both kinds the FULL graphs
      // are the decode ones. FULL alone could be FULL or FULL_DECODE_ONLY,
      // so it names no mode.
      const std::string kinds = line[1].str();
      const bool piecewise = kinds.find("PIECEWISE=") != std::string::npos;
      const bool full = kinds.find("FULL=") != std::string::npos;
      if (piecewise) {
        graph_kinds.mixed_piecewise = true;
        graph_kinds.decode_full |= full;
        graph_line = true;
      }
    }
    if (graph_line && graph_kinds.Mode() != nullptr) {
      line.Record(fact::kCudagraphMode, graph_kinds.Mode());
    }
  });
}

}  // namespace servebench::server_logs
