// SGLang (v0.2 through 2026 builds): memory and KV-cache facts from the
// scheduler's startup log.
//
// Units: SGLang's "GB" is GiB. get_available_gpu_memory() divides free bytes
// by 1 << 30, "mem usage" is a difference of two such readings, and the
// memory pool prints "K size: {k_size / GB:.2f} GB" with GB = 1024**3.
#include <map>
#include <string>
#include <string_view>

#include "bench/facts/logs/engine_parsers.h"
#include "bench/facts/logs/log_scan.h"

namespace servebench::server_logs {
namespace {

// With speculative decoding the draft model is loaded after the target and
// reports its own weights ("type=...NextN", or "Draft model loaded" for
// EAGLE3): weights are summed over model types. Tensor-parallel ranks print
// the same type again and replace, not add. ("\btype=" skips "dtype=".)
const LogPattern kLoadWeightEnd(
    R"((?:Load weight end|Draft model loaded)\.[^\r]*\btype=([^,]+),[^\r]*mem usage=([0-9.]+) GB)");
const LogPattern kKvSplit(
    R"(KV Cache is allocated\.[^\r]*#tokens: ([0-9]+), K size: ([0-9.]+) GB, V size: ([0-9.]+) GB)");
const LogPattern kKvCombined(
    R"(KV Cache is allocated\.[^\r]*#tokens: ([0-9]+), KV size: ([0-9.]+) GB)");
const LogPattern kMaxTotalTokens(R"(max_total_num_tokens=([0-9]+))");
const LogPattern kContextLen(R"(\bcontext_len=([0-9]+))");
// "Capture piecewise CUDA graph end" is a different, prefill-side capture
// and is deliberately not matched (capital "CUDA", word "piecewise").
const LogPattern kGraphEnd(
    R"(Capture cuda graph end\. Time elapsed: ([0-9.]+) s(?:\. mem usage=([0-9.]+) GB)?)");

}  // namespace

ServerFacts ParseSglangLog(std::string_view log) {
  std::map<std::string, double> weights_by_type;
  // Every scheduler process prints "Init torch distributed begin" once per
  // start, before loading; server_args is printed before it when logged.
  const StartMarkers starts = {{"server_args=ServerArgs("},
                               {"Init torch distributed begin"}};
  return ReadLastStart(log, Engine::kSglang, starts, [&](LogLine& line) {
    if (line.Find(kLoadWeightEnd)) {
      weights_by_type[line[1].str()] = Number(line[2]);
      double total = 0;
      for (const auto& [type, gib] : weights_by_type) total += gib;
      line.Record(fact::kModelMemoryGib, total);
    }
    if (line.Find(kKvSplit)) {
      line.Record(fact::kKvCacheTokens, Integer(line[1]));
      line.Record(fact::kKvCacheGib, Number(line[2]) + Number(line[3]));
    } else if (line.Find(kKvCombined)) {
      line.Record(fact::kKvCacheTokens, Integer(line[1]));
      line.Record(fact::kKvCacheGib, Number(line[2]));
    }
    if (line.Find(kMaxTotalTokens)) {
      line.Record(fact::kKvCacheTokens, Integer(line[1]));
      if (line.Find(kContextLen)) {
        line.Record(fact::kMaxModelLen, Integer(line[1]));
      }
    }
    if (line.Find(kGraphEnd)) {
      line.Record(fact::kCudaGraphCaptureS, Number(line[1]));
      if (line[2].matched) {
        line.Record(fact::kCudaGraphMemoryGib, Number(line[2]));
      }
    }
  });
}

}  // namespace servebench::server_logs
