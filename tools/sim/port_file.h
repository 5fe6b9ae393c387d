// Publishing the listening port to a file, for launchers that start the
// server with --port 0 and must learn which port it got.
#ifndef SERVEBENCH_TOOLS_SIM_PORT_FILE_H_
#define SERVEBENCH_TOOLS_SIM_PORT_FILE_H_

#include <string>

#include "bench/base/result.h"

namespace servebench::sim {

// Writes "<port>\n" to `path` atomically: a temporary file in the same
// directory is written, closed and renamed over `path`, so a reader polling
// for the file never sees it empty or half-written.
Status WritePortFile(const std::string& path, int port);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_PORT_FILE_H_
