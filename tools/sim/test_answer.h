// A matcher for the simulator's HTTP tests: a request that got an answer
// with this status and these values in its JSON body (error bodies mostly).
#ifndef SERVEBENCH_TOOLS_SIM_TEST_ANSWER_H_
#define SERVEBENCH_TOOLS_SIM_TEST_ANSWER_H_

#include <ostream>
#include <string>
#include <utility>

#include "bench/base/result.h"
#include "gmock/gmock.h"
#include "tools/sim/test_http_client.h"
#include "tools/sim/test_json.h"

namespace servebench::sim::testing {

// How gMock prints a request's outcome in a failure: the status and body,
// not the object's bytes.
inline void PrintTo(const Result<HttpResponse>& r, std::ostream* os) {
  if (!r.ok()) {
    *os << "a failed request (" << r.error() << ")";
    return;
  }
  *os << "HTTP " << r->status << " " << r->body;
}

// Matches a Result<HttpResponse> that succeeded with HTTP `status` and a
// JSON body showing `expected` (as JsonShows); explains a failed request,
// a wrong status and every value that differs, so one line states what an
// endpoint must answer.
MATCHER_P2(AnswersWithImpl, status, expected,
           "answers HTTP " + std::to_string(status) + " with " +
               ::testing::PrintToString(expected)) {
  if (!arg.ok()) {
    *result_listener << "the request failed: " << arg.error();
    return false;
  }
  bool all = true;
  if (arg->status != status) {
    *result_listener << "\n  status is " << arg->status;
    all = false;
  }
  if (!::testing::ExplainMatchResult(JsonShows(expected), arg->body,
                                     result_listener)) {
    all = false;
  }
  return all;
}

// EXPECT_THAT(client.Post(url, body),
//             AnswersWith(404, {{"/type", "NotFoundError"}})).
inline auto AnswersWith(long status, ShownValues expected) {
  return AnswersWithImpl(status, std::move(expected));
}

}  // namespace servebench::sim::testing

#endif  // SERVEBENCH_TOOLS_SIM_TEST_ANSWER_H_
