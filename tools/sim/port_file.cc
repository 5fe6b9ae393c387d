// Atomic port-file publication (write a temporary file, then rename).
#include "tools/sim/port_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace servebench::sim {

Status WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(tmp.c_str(), "w");
  if (file == nullptr) {
    return Error{"Cannot create port file " + tmp + ": " +
                 std::strerror(errno)};
  }
  const std::string text = std::to_string(port) + "\n";
  bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  written = std::fflush(file) == 0 && written;
  written = ::fsync(::fileno(file)) == 0 && written;
  int saved_errno = errno;
  if (std::fclose(file) != 0 || !written) {
    std::remove(tmp.c_str());
    return Error{"Cannot write port file " + tmp + ": " +
                 std::strerror(saved_errno)};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    saved_errno = errno;
    std::remove(tmp.c_str());
    return Error{"Cannot rename " + tmp + " to " + path + ": " +
                 std::strerror(saved_errno)};
  }
  return Ok{};
}

}  // namespace servebench::sim
