// Errors the simulated server answers with, in vLLM's JSON shape:
//   {"object":"error","message":"...","type":"BadRequestError","param":null,
//    "code":400}
#ifndef SERVEBENCH_TOOLS_SIM_API_ERROR_H_
#define SERVEBENCH_TOOLS_SIM_API_ERROR_H_

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace servebench::sim {

struct ApiError {
  int status = 400;  // HTTP status, repeated as "code" in the body
  std::string type = "BadRequestError";
  std::string message;
  std::optional<std::string> param;  // the offending request field, if any
  // Another engine's body, sent verbatim instead of vLLM's shape.
  std::optional<std::string> body;
  // When set and the request streams: the error is sent inside an HTTP 200
  // event stream as this event ("data: ...\n\n"), then "data: [DONE]", as
  // SGLang does.
  std::optional<std::string> stream_event;
};

// A value, or the error response that replaces it.
template <typename T>
using OrApiError = std::variant<T, ApiError>;

ApiError BadRequest(std::string message);

// vLLM's answer to a request naming a model it does not serve.
ApiError ModelNotFound(std::string_view model);

// The answer while the simulated model is still loading.
ApiError StartingUp(double startup_delay_s);

// The JSON body for `error` (error.body when set).
std::string ErrorBody(const ApiError& error);

// FastAPI's body for unknown routes and wrong methods: {"detail":"..."}.
std::string DetailBody(std::string_view detail);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_API_ERROR_H_
