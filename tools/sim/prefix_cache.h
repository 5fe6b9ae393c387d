// The simulator's automatic prefix cache, shaped like vLLM V1's: prompts are
// cut into blocks of kKvBlockSize (16) tokens, each full block is identified
// by a hash chained over all tokens up to its end, and a new prompt reuses
// the longest run of leading blocks already cached. A partial last block is
// never cached.
//
// Memory is bounded: at most capacity_tokens / 16 blocks are kept, the least
// recently used (looked up or inserted) evicted first.
//
// One difference from vLLM: a prompt that is entirely cached reports all its
// full blocks as hits, whereas vLLM recomputes the last token and so reports
// one block less when the prompt length is a multiple of 16.
//
// Thread-safe: every call takes the cache's mutex, so server threads can
// share one cache (as vLLM's engine shares one across requests).
#ifndef SERVEBENCH_TOOLS_SIM_PREFIX_CACHE_H_
#define SERVEBENCH_TOOLS_SIM_PREFIX_CACHE_H_

#include <cstdint>
#include <list>
#include <mutex>
#include <span>
#include <unordered_map>

namespace servebench::sim {

class PrefixCache {
 public:
  explicit PrefixCache(int64_t capacity_tokens);

  // Tokens of `prompt` covered by cached leading blocks (a multiple of 16),
  // then caches every full block of `prompt`.
  int64_t LookupAndInsert(std::span<const int32_t> prompt);

  // Tokens currently cached (blocks * 16), never above the capacity.
  int64_t cached_tokens() const;

 private:
  void Touch(uint64_t block_hash);  // with mutex_ held

  mutable std::mutex mutex_;
  int64_t capacity_blocks_;
  std::list<uint64_t> lru_;  // most recently used first
  std::unordered_map<uint64_t, std::list<uint64_t>::iterator> blocks_;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_PREFIX_CACHE_H_
