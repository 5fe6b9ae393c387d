// Builds vLLM-shaped error bodies.
#include "tools/sim/api_error.h"

#include <cstdio>

#include "tools/sim/json_out.h"

namespace servebench::sim {

ApiError BadRequest(std::string message) {
  return ApiError{.status = 400,
                  .type = "BadRequestError",
                  .message = std::move(message),
                  .param = std::nullopt};
}

ApiError ModelNotFound(std::string_view model) {
  return ApiError{
      .status = 404,
      .type = "NotFoundError",
      .message = "The model `" + std::string(model) + "` does not exist.",
      .param = "model"};
}

ApiError StartingUp(double startup_delay_s) {
  char message[160];
  std::snprintf(message, sizeof(message),
                "The server is starting up: the simulated model is still "
                "loading (startup delay %.1f s). Retry shortly.",
                startup_delay_s);
  return ApiError{.status = 503,
                  .type = "ServiceUnavailableError",
                  .message = message,
                  .param = std::nullopt};
}

std::string ErrorBody(const ApiError& error) {
  if (error.body) return *error.body;
  return JsonObject([&](JsonWriter& w) {
    KeyStr(w, "object", "error");
    KeyStr(w, "message", error.message);
    KeyStr(w, "type", error.type);
    if (error.param) {
      KeyStr(w, "param", *error.param);
    } else {
      KeyNull(w, "param");
    }
    KeyInt(w, "code", error.status);
  });
}

std::string DetailBody(std::string_view detail) {
  return JsonObject([&](JsonWriter& w) { KeyStr(w, "detail", detail); });
}

}  // namespace servebench::sim
