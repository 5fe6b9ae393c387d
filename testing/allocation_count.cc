// Replaces the global operator new and delete with counting ones over
// malloc and free (see allocation_count.h).
#include "testing/allocation_count.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
// Atomic because a test's servers and clients may allocate on other threads.
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace servebench::test {

long AllocationCount() { return g_allocations.load(); }

}  // namespace servebench::test
