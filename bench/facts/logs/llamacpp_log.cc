// llama.cpp llama-server (2024 through 2026 builds, and the ik_llama fork):
// memory and KV-cache facts from the startup log. KV cache tokens come from
// the cache's "size = ... cells" line, else from the context's "n_ctx = N"
// (the same figure where both are printed, see the 2025 fixture).
//
// Units: llama.cpp prints MiB (bytes / 1024 / 1024); figures are divided by
// 1024 to give GiB. Weights and KV cache are printed per device
// ("CUDA0", "CUDA1", "CPU", "CUDA_Host"...), so per-device lines are summed.
// Weight buffers on the host (CPU, CPU_Mapped) are included: they hold the
// layers not offloaded and are part of the model's memory.
#include <set>
#include <string>
#include <string_view>

#include "bench/facts/logs/engine_parsers.h"
#include "bench/facts/logs/log_scan.h"

namespace servebench::server_logs {
namespace {

const LogPattern kModelBuffer(
    R"(load_tensors: +([^\s\v]+) (?:model )?buffer size = +([0-9.]+) MiB)");
const LogPattern kKvBuffer(R"(([^\s\v]+) KV buffer size = +([0-9.]+) MiB)");
// Totals over devices: "KV self size" (2024), and one "size =" line per
// cache (2025+; an iSWA model has a non-SWA and a SWA cache).
const LogPattern kKvSelfSize(R"(KV self size += +([0-9.]+) MiB)");
const LogPattern kKvCacheSize(
    R"(llama_kv_cache(?:_unified)?: +size = +([0-9.]+) MiB \( *([0-9]+) cells)");
const LogPattern kIswaCache(
    R"(llama_kv_cache(?:_unified)?_iswa: creating +(non-SWA|SWA) KV cache)");
const LogPattern kSlotContext(
    R"(n_ctx_per_seq += +([0-9]+)|max context: ([0-9]+))");
// The whole context: the KV cache's cells (the non-SWA cache's, where a
// "size = ... cells" line states them too). A fallback for logs without
// that line.
const LogPattern kContext(
    R"((?:llama_context|llama_new_context_with_model): +n_ctx += +([0-9]+))");

// A running sum over devices; a device seen twice means a new allocation
// (another model or context), so the sum restarts.
class DeviceSum {
 public:
  double Add(const std::string& device, double mib) {
    if (!devices_.insert(device).second) Clear();
    devices_.insert(device);
    mib_ += mib;
    return mib_;
  }
  void Clear() {
    devices_.clear();
    mib_ = 0;
  }

 private:
  std::set<std::string> devices_;
  double mib_ = 0;
};

}  // namespace

ServerFacts ParseLlamaCppLog(std::string_view log) {
  DeviceSum weights;
  DeviceSum kv_buffers;
  double kv_total_mib = 0;
  // The SWA cache of an iSWA model adds to the non-SWA one printed just
  // before it; its cells are a sliding window, not extra context, so the
  // token count stays the non-SWA cache's.
  bool swa_cache_next = false;
  std::optional<int64_t> context;
  std::string_view context_line;
  const StartMarkers starts = {{R"("message":"build info")", "main: build = ",
                                "common_params_print_info: build"},
                               {"llama_model_loader: loaded meta data"}};
  ServerFacts facts =
      ReadLastStart(log, Engine::kLlamaCpp, starts, [&](LogLine& line) {
        if (line.Find(kModelBuffer)) {
          line.Record(fact::kModelMemoryGib,
                      weights.Add(line[1].str(), Number(line[2])) / kMibPerGib);
        } else if (line.Find(kKvBuffer)) {
          // Only a fallback: the total line that follows the buffers wins.
          line.Record(
              fact::kKvCacheGib,
              kv_buffers.Add(line[1].str(), Number(line[2])) / kMibPerGib);
        } else if (line.Find(kKvSelfSize)) {
          kv_buffers.Clear();
          swa_cache_next = false;
          line.Record(fact::kKvCacheGib, Number(line[1]) / kMibPerGib);
        } else if (line.Find(kIswaCache)) {
          swa_cache_next = line[1] == "SWA";
        } else if (line.Find(kKvCacheSize)) {
          kv_buffers.Clear();
          if (swa_cache_next) {
            kv_total_mib += Number(line[1]);
            swa_cache_next = false;
          } else {
            kv_total_mib = Number(line[1]);
            line.Record(fact::kKvCacheTokens, Integer(line[2]));
          }
          line.Record(fact::kKvCacheGib, kv_total_mib / kMibPerGib);
        }
        if (line.Find(kContext)) {
          context = Integer(line[1]);
          context_line = line.text();
        }
        if (line.Find(kSlotContext)) {
          line.Record(fact::kMaxModelLen,
                      Integer(line[1].matched ? line[1] : line[2]));
        }
      });
  if (!facts.kv_cache_tokens && context) {
    Record(facts, fact::kKvCacheTokens, *context, context_line);
  }
  return facts;
}

}  // namespace servebench::server_logs
