// StartSimulator: the launcher with a log in the test's temporary folder.
#include "testing/simulator.h"

#include "testing/files.h"

namespace servebench::test {

Result<SimulatedServer> StartSimulator(const std::string& flags,
                                       const std::string& name) {
  return SimulatedServer::Start(flags, TempPath(name + ".log"));
}

}  // namespace servebench::test
