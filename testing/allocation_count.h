// Counts the allocations of a test binary, for tests that check a hot path
// allocates nothing once warm. Linking this library replaces the global
// operator new and delete of the whole binary, so depend on it only from
// tests that need the count.
#ifndef SERVEBENCH_TESTING_ALLOCATION_COUNT_H_
#define SERVEBENCH_TESTING_ALLOCATION_COUNT_H_

namespace servebench::test {

// How many times the global operator new has run in this process so far;
// the difference of two calls is the allocations made between them.
long AllocationCount();

}  // namespace servebench::test

#endif  // SERVEBENCH_TESTING_ALLOCATION_COUNT_H_
