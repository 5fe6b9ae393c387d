// Helpers for the tests that run an in-process SimServer over HTTP: the
// server started on port 0 with its log captured in a temporary file,
// elapsed milliseconds, chat request bodies, prompts of N words and the
// value of a /metrics sample.
#ifndef SERVEBENCH_TOOLS_SIM_TEST_SERVER_H_
#define SERVEBENCH_TOOLS_SIM_TEST_SERVER_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "bench/base/result.h"
#include "tools/sim/config.h"
#include "tools/sim/server.h"
#include "tools/sim/test_http_client.h"
#include "tools/sim/vllm_log.h"

namespace servebench::sim::testing {

// A LogSink writing to an anonymous temporary file that the test reads back.
// Not copyable.
class CapturedLog {
 public:
  CapturedLog();

  // For SimServer's constructor; valid as long as this object.
  LogSink* sink() { return &sink_; }

  // Everything written so far.
  std::string Text() const;

 private:
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file_;
  LogSink sink_;
};

// A SimServer of `config`, started on construction (a failure to start
// fails the current test; ASSERT started() where the test cannot go on),
// logging to a CapturedLog; stopped on destruction.
class TestServer {
 public:
  explicit TestServer(SimConfig config);

  const Status& started() const { return started_; }

  // The server's base URL + `path` ("/v1/models").
  std::string Url(std::string_view path) const;

  // Everything the server logged so far.
  std::string Log() const { return log_.Text(); }

  // Waits (up to 5 s) until a server with a startup delay is ready.
  void WaitReady() const;

  SimServer& server() { return server_; }

 private:
  CapturedLog log_;
  SimServer server_;
  Status started_;
};

// Milliseconds from `from` to `to`.
double MsBetween(TestClock::time_point from, TestClock::time_point to);

// {"messages":[{"role":"user","content":"<content>"}],"max_tokens":N}, with
// `members` (JSON members, like the constants below) after max_tokens.
std::string ChatBody(std::string_view content, int max_tokens,
                     std::string_view members = "");

// ChatBody members: exactly max_tokens tokens, in one response or a stream,
// the stream ending with a usage chunk or with usage on every chunk too.
inline constexpr std::string_view kExactTokens = R"("ignore_eos":true)";
inline constexpr std::string_view kExactStream =
    R"("ignore_eos":true,"stream":true)";
inline constexpr std::string_view kExactStreamWithUsage =
    R"("ignore_eos":true,"stream":true,"stream_options":{"include_usage":true})";
inline constexpr std::string_view kExactStreamWithContinuousUsage =
    R"("ignore_eos":true,"stream":true,"stream_options":)"
    R"({"include_usage":true,"continuous_usage_stats":true})";

// "w w w ...": `count` words, one prompt token each.
std::string Words(int count);

// The value of the first sample line of a /metrics body that starts with
// `line_start` (a series name, "{" and maybe labels) and contains
// `containing`, or -1 when there is none.
double SampleValue(std::string_view metrics, std::string_view line_start,
                   std::string_view containing = "");

// SampleValue of `series` + "{" on GET `base_url`/metrics, or -1 when the
// request fails.
double MetricValue(TestHttpClient& client, const std::string& base_url,
                   std::string_view series, std::string_view containing = "");

}  // namespace servebench::sim::testing

#endif  // SERVEBENCH_TOOLS_SIM_TEST_SERVER_H_
