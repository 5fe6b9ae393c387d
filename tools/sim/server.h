// SimServer: the simulated vLLM OpenAI-compatible HTTP server.
//
// config.threads Boost.Asio io_contexts, one background thread each, serve
// the connections (handed out round-robin) with C++20 coroutines. Streams
// wait against absolute deadlines (timing.h) in their thread's
// DeadlineQueue, one timer per thread, and their chunks are rendered by
// StreamRenderer; how late each is written is recorded (lateness.h).
// HTTP/1.1 keep-alive and chunked transfer encoding are Beast's.
//
//   SimServer server(config, &log);
//   if (Status s = server.Start(); !s.ok()) ...;
//   Connect to http://127.0.0.1:<server.port()>/...
//   server.Stop();
#ifndef SERVEBENCH_TOOLS_SIM_SERVER_H_
#define SERVEBENCH_TOOLS_SIM_SERVER_H_

#include <memory>
#include <string>

#include "bench/base/result.h"
#include "tools/sim/config.h"
#include "tools/sim/vllm_log.h"

namespace servebench::sim {

class SimServer {
 public:
  // `log` (optional, may be null) receives the vLLM-style startup and access
  // log; it must outlive the server.
  explicit SimServer(SimConfig config, LogSink* log = nullptr);
  ~SimServer();  // Stops the server.

  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Validates the configuration, binds config.host:config.port and starts
  // serving on config.threads background threads. Fails (with the address and
  // the reason) when the configuration is invalid or the address cannot be
  // bound. Call at most once.
  Status Start();

  // The bound port, after a successful Start().
  int port() const;

  // "http://HOST:PORT", after a successful Start().
  std::string base_url() const;

  // True once the simulated startup delay has elapsed.
  bool ready() const;

  // Closes the listener, drops every connection, joins the threads and logs
  // the lateness summary since start.
  // Idempotent; safe to call when Start() failed or was never called.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_SERVER_H_
