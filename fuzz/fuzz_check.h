// FUZZ_CHECK: an invariant of a fuzz target. A violation prints the condition
// and aborts, which both libFuzzer and the corpus replay test report as a crash
// (libFuzzer also saves the input as crash-<sha1>).
#ifndef SERVEBENCH_FUZZ_FUZZ_CHECK_H_
#define SERVEBENCH_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                              \
  do {                                                                     \
    if (!(condition)) {                                                    \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__,    \
                   __LINE__, #condition);                                  \
      std::abort();                                                        \
    }                                                                      \
  } while (false)

#endif  // SERVEBENCH_FUZZ_FUZZ_CHECK_H_
