// Golden files: compare, and keep the actual text where it can be reviewed.
#include "testing/golden.h"

#include <cstdlib>
#include <filesystem>

#include "bench/base/files.h"

namespace servebench::test {

::testing::AssertionResult MatchesGolden(const std::string& actual,
                                         const std::string& golden_path) {
  Result<std::string> expected = ReadFile(golden_path);
  if (expected.ok() && *expected == actual) {
    return ::testing::AssertionSuccess();
  }
  std::string saved = "(set TEST_UNDECLARED_OUTPUTS_DIR to keep it)";
  if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
    saved = std::string(dir) + "/" +
            std::filesystem::path(golden_path).filename().string();
    if (Status written = WriteFileAtomically(saved, actual); !written.ok()) {
      saved = "(not saved: " + written.error() + ")";
    }
  }
  return ::testing::AssertionFailure()
         << (expected.ok() ? "differs from " : "cannot read ") << golden_path
         << "; the actual output is in " << saved << ":\n"
         << actual;
}

}  // namespace servebench::test
