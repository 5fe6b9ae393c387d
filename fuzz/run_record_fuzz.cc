// Fuzzes LoadRunRecord, which reads a path and tells JUnit XML, servebench JSON
// and the seed's JSON apart by content: each input is written to a temporary
// file first. Any content is a record or a "path: ..." error, never a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/results/run_record.h"
#include "fuzz/fuzz_check.h"

namespace {

// Where the file goes: Bazel's test directory under `bazel test` (a few
// corpus inputs), else memory-backed /dev/shm when there is one. On ext4,
// closing a file that was truncated and rewritten starts writing it to disk
// (auto_da_alloc), so a file under /tmp cost a disk write per input.
std::string TempDir() {
  const char* test_dir = std::getenv("TEST_TMPDIR");
  if (test_dir && *test_dir) return test_dir;
  if (access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
  return "/tmp";
}

// One file per process, rewritten for every input and removed at exit.
const std::string& TempPath() {
  static const std::string* path = [] {
    std::string pattern = TempDir() + "/run_record_fuzz.XXXXXX";
    const int fd = mkstemp(pattern.data());
    FUZZ_CHECK(fd >= 0);
    close(fd);
    auto* p = new std::string(pattern);
    std::atexit([] { std::remove(TempPath().c_str()); });
    return p;
  }();
  return *path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = TempPath();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  FUZZ_CHECK(f != nullptr);
  if (size > 0) FUZZ_CHECK(std::fwrite(data, 1, size, f) == size);
  FUZZ_CHECK(std::fclose(f) == 0);

  auto record = servebench::LoadRunRecord(path);
  if (!record.ok()) {
    FUZZ_CHECK(!record.error().empty());
    return 0;
  }
  FUZZ_CHECK(record->format == "junit-xml" || record->format == "servebench-json" ||
             record->format == "seed-json");
  (void)record->HasFailures();
  for (const auto& c : record->cases) (void)record->FindCase(c.isl, c.osl);
  return 0;
}
