// Implements the block-hash LRU prefix cache documented in prefix_cache.h.
#include "tools/sim/prefix_cache.h"

#include <vector>

#include "tools/sim/config.h"
#include "tools/sim/seeded_random.h"

namespace servebench::sim {
namespace {

constexpr uint64_t kRootHash = 0x70726566ull;  // "pref"

// Hash of each full block, chained so that a block matches only after the
// same preceding tokens.
std::vector<uint64_t> BlockHashes(std::span<const int32_t> prompt) {
  std::vector<uint64_t> hashes;
  uint64_t hash = kRootHash;
  const size_t blocks = prompt.size() / kKvBlockSize;
  for (size_t b = 0; b < blocks; ++b) {
    for (size_t i = b * kKvBlockSize; i < (b + 1) * kKvBlockSize; ++i) {
      hash = HashCombine(hash, static_cast<uint32_t>(prompt[i]));
    }
    hashes.push_back(hash);
  }
  return hashes;
}

}  // namespace

PrefixCache::PrefixCache(int64_t capacity_tokens)
    : capacity_blocks_(capacity_tokens / kKvBlockSize) {}

void PrefixCache::Touch(uint64_t block_hash) {
  auto it = blocks_.find(block_hash);
  if (it != blocks_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  if (capacity_blocks_ <= 0) return;
  if (static_cast<int64_t>(blocks_.size()) >= capacity_blocks_) {
    blocks_.erase(lru_.back());
    lru_.pop_back();
  }
  lru_.push_front(block_hash);
  blocks_[block_hash] = lru_.begin();
}

int64_t PrefixCache::LookupAndInsert(std::span<const int32_t> prompt) {
  const std::vector<uint64_t> hashes = BlockHashes(prompt);
  std::lock_guard lock(mutex_);
  int64_t hit_blocks = 0;
  while (hit_blocks < static_cast<int64_t>(hashes.size()) &&
         blocks_.contains(hashes[hit_blocks])) {
    ++hit_blocks;
  }
  // Last block first, so that under pressure a prompt loses its tail before
  // its head (as vLLM frees blocks), keeping the shared prefix usable.
  for (auto it = hashes.rbegin(); it != hashes.rend(); ++it) Touch(*it);
  return hit_blocks * kKvBlockSize;
}

int64_t PrefixCache::cached_tokens() const {
  std::lock_guard lock(mutex_);
  return static_cast<int64_t>(blocks_.size()) * kKvBlockSize;
}

}  // namespace servebench::sim
