// TensorRT-LLM (C++ runtime with TRT engines, and the PyTorch backend behind
// trtllm-serve): memory and KV-cache facts from the startup log.
//
// Units: the PyTorch backend's "Use X GB for model weights" is GiB. It is
// printed as bytes / GB with GB = 1 << 30 in the PyTorch executor; the
// DGX Spark fixture agrees: "Use 63.32 GB for model weights" is followed by
// "Memory used after loading model weights (inside torch) ...: 63.52 GiB",
// which 63.32 decimal GB (58.97 GiB) could not explain. KV sizes printed in
// bytes are converted exactly.
#include <string_view>

#include "bench/facts/logs/engine_parsers.h"
#include "bench/facts/logs/log_scan.h"

namespace servebench::server_logs {
namespace {

const LogPattern kWeights(
    R"((?:Rank [0-9]+ uses|Use) ([0-9.]+) GB for model weights)");
// The PyTorch backend sizes the cache twice (a small estimation pass, then
// the final allocation); the last line of a start wins.
const LogPattern kPagedKvGib(
    R"(Allocated ([0-9.]+) GiB for max tokens in paged KV cache \(([0-9]+)\))");
const LogPattern kPagedKvBytes(
    R"(Max tokens in paged KV cache: ([0-9]+)\. Allocating ([0-9]+) bytes)");
const LogPattern kKvBytes(R"(Allocate ([0-9]+) bytes for k/v cache)");
const LogPattern kKvTokens(
    R"(Using ([0-9]+) (?:total )?tokens in paged KV cache)");
const Wordings kMaxSeqLen = {
    R"(\bmax_seq_len=([0-9]+), max_num_requests)",
    R"(TRTGptModel maxSequenceLen: ([0-9]+))",
};

}  // namespace

ServerFacts ParseTrtllmLog(std::string_view log) {
  const StartMarkers starts = {{"TensorRT-LLM version:"}};
  return ReadLastStart(log, Engine::kTrtllm, starts, [](LogLine& line) {
    if (line.Find(kWeights)) {
      line.Record(fact::kModelMemoryGib, Number(line[1]));
    }
    if (line.Find(kPagedKvGib)) {
      line.Record(fact::kKvCacheGib, Number(line[1]));
      line.Record(fact::kKvCacheTokens, Integer(line[2]));
    } else if (line.Find(kPagedKvBytes)) {
      line.Record(fact::kKvCacheTokens, Integer(line[1]));
      line.Record(fact::kKvCacheGib, Number(line[2]) / kBytesPerGib);
    } else if (line.Find(kKvBytes)) {
      line.Record(fact::kKvCacheGib, Number(line[1]) / kBytesPerGib);
    } else if (line.Find(kKvTokens)) {
      line.Record(fact::kKvCacheTokens, Integer(line[1]));
    }
    if (line.FindFirst(kMaxSeqLen)) {
      line.Record(fact::kMaxModelLen, Integer(line[1]));
    }
  });
}

}  // namespace servebench::server_logs
