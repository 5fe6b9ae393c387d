// sim_server: a simulated vLLM OpenAI-compatible server, so that the
// benchmark suite, CI and users without a GPU can run end to end. See
// --help for the flags and tools/sim/*.h for the behaviour.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "CLI/CLI.hpp"
#include "tools/sim/flags.h"
#include "tools/sim/port_file.h"
#include "tools/sim/server.h"
#include "tools/sim/vllm_log.h"

int main(int argc, char** argv) {
  using servebench::Status;
  namespace sim = servebench::sim;

  CLI::App app{
      "servebench sim: a simulated vLLM-compatible LLM server with "
      "deterministic, configurable timing (no GPU, no model)."};
  sim::SimFlags flags;
  sim::RegisterFlags(app, flags);
  CLI11_PARSE(app, argc, argv);

  // Before any thread starts and before the port is published, so that a
  // launcher's SIGTERM always means a clean shutdown.
  boost::asio::io_context signal_context(1);
  boost::asio::signal_set signals(signal_context, SIGINT, SIGTERM);

  std::FILE* log_file = stderr;
  if (!flags.log_file.empty()) {
    log_file = std::fopen(flags.log_file.c_str(), "w");
    if (log_file == nullptr) {
      std::fprintf(stderr, "sim_server: cannot open --log-file %s: %s\n",
                   flags.log_file.c_str(), std::strerror(errno));
      return 1;
    }
  }
  sim::LogSink log(log_file);

  sim::SimServer server(flags.config, &log);
  if (Status started = server.Start(); !started.ok()) {
    std::fprintf(stderr, "sim_server: %s\n", started.error().c_str());
    return 1;
  }
  if (!flags.port_file.empty()) {
    if (Status written = sim::WritePortFile(flags.port_file, server.port());
        !written.ok()) {
      std::fprintf(stderr, "sim_server: %s\n", written.error().c_str());
      return 1;
    }
  }
  std::printf("servebench sim listening on %s\n", server.base_url().c_str());
  std::fflush(stdout);

  signals.async_wait([](const boost::system::error_code&, int) {});
  signal_context.run();
  server.Stop();
  if (log_file != stderr) std::fclose(log_file);
  return 0;
}
