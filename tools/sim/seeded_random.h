// Stateless seeded randomness: every random choice of the simulator is a pure
// function of (seed, what is being decided), so runs are reproducible and
// concurrent streams never share generator state.
#ifndef SERVEBENCH_TOOLS_SIM_SEEDED_RANDOM_H_
#define SERVEBENCH_TOOLS_SIM_SEEDED_RANDOM_H_

#include <cstdint>

namespace servebench::sim {

// SplitMix64's finaliser: a bijective mix with good avalanche.
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Order-sensitive combination of two hashes.
constexpr uint64_t HashCombine(uint64_t a, uint64_t b) {
  return Mix64(a ^ (Mix64(b) + 0x632be59bd9b4e019ull + (a << 6) + (a >> 2)));
}

// A uniform double in [0, 1) derived from `bits`.
constexpr double UnitInterval(uint64_t bits) {
  return static_cast<double>(Mix64(bits) >> 11) * 0x1.0p-53;
}

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_SEEDED_RANDOM_H_
