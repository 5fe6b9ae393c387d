// Launching tools/sim_server and reading the port it chose.
#include "tools/sim/launcher/simulated_server.h"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "bench/base/files.h"
#include "bench/base/runfiles.h"
#include "bench/base/safe_text.h"

namespace servebench {

Result<SimulatedServer> SimulatedServer::Start(const std::string& flags,
                                               const std::string& log_path) {
  auto binary = Runfile("tools/sim_server");
  if (!binary.ok()) return binary;

  // A private folder for the port file: sandboxed test runs can share /tmp
  // and even pids, so a fixed name could be another run's.
  std::string folder_template =
      std::filesystem::temp_directory_path().string() +
      "/servebench_sim.XXXXXX";
  if (mkdtemp(folder_template.data()) == nullptr) {
    return Error{
        "cannot create a temporary folder for the simulated "
        "server's port file in " +
        std::filesystem::temp_directory_path().string()};
  }
  const std::string port_file = folder_template + "/port";
  std::vector<std::string> argv = {
      *binary, "--port", "0", "--port-file", port_file, "--log-file", log_path};
  std::istringstream words(flags);
  for (std::string word; words >> word;) argv.push_back(word);

  SpawnOptions options;
  options.stdout_path = log_path + ".stdout";
  // Flag errors go to stderr, before any log file exists: keep them to quote.
  options.stderr_path = log_path + ".stderr";
  auto process = Subprocess::Spawn(argv, options);
  if (!process.ok()) return process;

  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      std::filesystem::remove_all(folder_template);
      return SimulatedServer(std::move(*process),
                             "http://127.0.0.1:" + std::to_string(port),
                             log_path);
    }
    if (!process->Running()) {
      const int code = process->Wait();
      const Result<std::string> said = ReadFile(log_path + ".stderr");
      return Error{"the simulated server exited with code " +
                   std::to_string(code) + " before listening" +
                   (!said.ok() || said->empty()
                        ? std::string()
                        : ", saying: " + QuoteBody(*said, 400)) +
                   "; check BENCH_SIM_FLAGS=\"" + flags +
                   "\" (bazel run "
                   "//tools:sim_server -- --help lists the flags)"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Error{
      "the simulated server did not report a port within 30 s; see its log " +
      log_path};
}

}  // namespace servebench
