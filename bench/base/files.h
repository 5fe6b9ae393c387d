// Whole-file reads with a size bound, and atomic whole-file writes.
#ifndef SERVEBENCH_BENCH_BASE_FILES_H_
#define SERVEBENCH_BENCH_BASE_FILES_H_

#include <cstddef>
#include <string>

#include "bench/base/result.h"

namespace servebench {

// Files servebench reads (suites, baselines, results, server logs, test data)
// are far below this; a larger one is refused rather than loaded.
inline constexpr size_t kMaxReadBytes = 256 * 1024 * 1024;

// The whole file. Fails with "PATH: cannot read (reason)" or "PATH: is larger
// than N bytes" (a FIFO or device never blocks past the bound either).
Result<std::string> ReadFile(const std::string& path,
                             size_t max_bytes = kMaxReadBytes);

// Writes `contents` to `path` through a temporary file in the same folder,
// fsync and rename(2), so readers see the old or the new file, never half of
// one, and a crash never leaves an empty file in place of the old one.
Status WriteFileAtomically(const std::string& path,
                           const std::string& contents);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_FILES_H_
