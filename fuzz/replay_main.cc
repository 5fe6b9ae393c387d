// A main() for fuzz targets built without libFuzzer (GCC, plain `bazel test`):
// runs every file named on the command line, or found in a folder named there,
// through LLVMFuzzerTestOneInput once, in sorted order. A crash or an invariant
// violation aborts with the file's name already printed, so the log says which
// input to replay under the real fuzzer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> Inputs(const char* arg) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (std::filesystem::is_directory(arg, ec)) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(arg, ec)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.emplace_back(arg);
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& file : Inputs(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.c_str());
        return 1;
      }
      std::string bytes((std::istreambuf_iterator<char>(in)),
                        std::istreambuf_iterator<char>());
      std::fprintf(stderr, "running %s (%zu bytes)\n", file.c_str(),
                   bytes.size());
      // A copy of exactly `size` bytes, so ASan sees reads past the end; never
      // null, even when empty, as under libFuzzer.
      std::unique_ptr<uint8_t[]> copy(new uint8_t[bytes.size()]);
      std::copy(bytes.begin(), bytes.end(), copy.get());
      LLVMFuzzerTestOneInput(copy.get(), bytes.size());
      ++runs;
    }
  }
  std::fprintf(stderr, "%d inputs ran without a crash\n", runs);
  // An empty or missing corpus is a wiring mistake, not a pass.
  return runs > 0 ? 0 : 1;
}
