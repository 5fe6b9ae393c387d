// Builds vLLM-shaped error bodies.
#include "tools/sim/api_error.h"

#include <cstdio>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

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
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("object");
  w.String("error");
  w.Key("message");
  w.String(error.message.data(), error.message.size());
  w.Key("type");
  w.String(error.type.data(), error.type.size());
  w.Key("param");
  if (error.param) {
    w.String(error.param->data(), error.param->size());
  } else {
    w.Null();
  }
  w.Key("code");
  w.Int(error.status);
  w.EndObject();
  return buffer.GetString();
}

std::string DetailBody(std::string_view detail) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("detail");
  w.String(detail.data(), detail.size());
  w.EndObject();
  return buffer.GetString();
}

}  // namespace servebench::sim
