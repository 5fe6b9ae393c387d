// Test helpers for the stream interpreter's tests: matchers for Status, a
// scripted clock (event k arrives at Ms(k)), chunk builders and replay of
// real captures from testdata/sse through SseParser.
#ifndef SERVEBENCH_BENCH_PROTOCOL_STREAM_TEST_UTIL_H_
#define SERVEBENCH_BENCH_PROTOCOL_STREAM_TEST_UTIL_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "bench/protocol/sse_parser.h"
#include "bench/protocol/stream_interpreter.h"
#include "testing/files.h"

namespace servebench {

inline void PrintTo(const Status& status, std::ostream* os) {
  *os << (status.ok() ? "OK" : "error: " + status.error());
}

namespace stream_test {

MATCHER(IsOk, negation ? "fails" : "succeeds") {
  if (!arg.ok()) *result_listener << "it failed with: " << arg.error();
  return arg.ok();
}

MATCHER_P(FailsWith, text,
          std::string(negation ? "does not fail" : "fails") +
              " with a message containing \"" + std::string(text) + "\"") {
  if (arg.ok()) {
    *result_listener << "it succeeded";
    return false;
  }
  *result_listener << "it failed with: " << arg.error();
  return arg.error().find(text) != std::string::npos;
}

// Scripted clock: event k arrives at kT0 + k ms.
inline const Clock::time_point kT0 =
    Clock::time_point() + std::chrono::hours(1);

inline Clock::time_point Ms(int k) {
  return kT0 + std::chrono::milliseconds(k);
}

// Milliseconds after kT0, so a mismatch prints as a number.
inline std::optional<int64_t> MsOf(std::optional<Clock::time_point> t) {
  if (!t) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(*t - kT0)
      .count();
}

inline void Send(StreamInterpreter& in, std::string data, int ms,
                 std::string type = "message") {
  SseEvent event;
  event.type = std::move(type);
  event.data = std::move(data);
  in.OnEvent(event, Ms(ms));
}

inline std::string ChatChunk(std::string_view delta,
                             std::string_view finish_reason = "null") {
  return R"({"object":"chat.completion.chunk","choices":[{"index":0,"delta":)" +
         std::string(delta) + R"(,"finish_reason":)" +
         std::string(finish_reason) + "}]}";
}

inline constexpr char kUsage[] =
    R"({"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,)"
    R"("prompt_tokens_details":{"cached_tokens":2}}})";

inline std::string ReadFixture(const std::string& name) {
  // Under bazel test the working directory is the runfiles root.
  return test::ReadFileOrFail("bench/protocol/testdata/sse/" + name);
}

// Parses `bytes` as SSE; the k-th event (from 0) arrives at Ms(k).
inline StreamInterpreter Replay(std::string_view bytes, Endpoint endpoint) {
  SseParser parser;
  StreamInterpreter interpreter(endpoint);
  int k = 0;
  Status status = parser.Feed(bytes, [&](const SseEvent& event) {
    interpreter.OnEvent(event, Ms(k++));
  });
  EXPECT_THAT(status, IsOk());
  return interpreter;
}

inline StreamInterpreter ReplayFixture(
    const std::string& name, Endpoint endpoint = Endpoint::kChatCompletions) {
  return Replay(ReadFixture(name), endpoint);
}

// An event of the default type carrying `data`.
inline SseEvent Data(const std::string& data) {
  SseEvent e;
  e.data = data;
  return e;
}

}  // namespace stream_test
}  // namespace servebench

#endif  // SERVEBENCH_BENCH_PROTOCOL_STREAM_TEST_UTIL_H_
