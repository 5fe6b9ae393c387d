// Waits for a server to become ready and learns what it serves.
//
// Readiness: GET /v1/models answers 200 with a model list. Until then the
// server is polled (this is the one place that retries: nothing is measured
// here) and progress is reported, up to the ready timeout.
// Model: BENCH_MODEL if set (it must be one the server lists), else the
// first id. Max model length: BENCH_MAX_MODEL_LEN, else the model's
// "max_model_len" in /v1/models (vLLM reports it), else 131072 (the seed's
// default); the source is reported with it.
#ifndef SERVEBENCH_BENCH_SERVER_DISCOVERY_H_
#define SERVEBENCH_BENCH_SERVER_DISCOVERY_H_

#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/limits.h"
#include "bench/base/result.h"
#include "bench/config/settings.h"
#include "bench/transport/http_client.h"

namespace servebench {

constexpr int64_t kDefaultMaxModelLen = 131072;

struct ServerInfo {
  std::string model;
  std::string model_source;  // "BENCH_MODEL" or "/v1/models"
  int64_t max_model_len = kDefaultMaxModelLen;
  // "BENCH_MAX_MODEL_LEN", "/v1/models", or "default" (with what the server
  // sent when that was ignored, e.g. "default; /v1/models said -5").
  std::string max_model_len_source;
  // What the user should hear about: server facts that were ignored, and
  // which value is used instead.
  std::vector<std::string> notes;
};

// A length as a server states it in JSON, if it is one: a whole number
// from 1 to kMaxServerTokens (an integer, or a float with no fraction).
std::optional<int64_t> UsableLength(const rapidjson::Value& value);

// The JSON text of `value`, e.g. "-5" or "1e30" (bounded by the caller).
std::string JsonText(const rapidjson::Value& value);

// Interprets a /v1/models body (pure; no I/O).
Result<ServerInfo> InterpretModelList(const std::string& body,
                                      const Settings& settings);

using ProgressSink = std::function<void(const std::string&)>;

// Polls settings.url + "/v1/models" every `poll_interval_s` until it answers,
// then interprets it.
Result<ServerInfo> WaitForServer(HttpClient& client, const Settings& settings,
                                 const ProgressSink& progress,
                                 double poll_interval_s = 2.0);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_DISCOVERY_H_
