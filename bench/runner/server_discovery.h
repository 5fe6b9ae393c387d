// Waits for a server to become ready and learns what it serves.
//
// Readiness: GET /v1/models answers 200 with a model list. Until then the
// server is polled (this is the one place that retries: nothing is measured
// here) and progress is reported, up to the ready timeout.
// Model: BENCH_MODEL if set (it must be one the server lists), else the
// first id.
//
// Max model length, the first usable one of (the source, naming the
// endpoint and field, is reported with it):
//   BENCH_MAX_MODEL_LEN;
//   /v1/models max_model_len            vLLM, SGLang;
//   /props default_generation_settings.n_ctx
//                                       llama.cpp: the context of one slot,
//                                       the most one request may use;
//   /v1/models meta.n_ctx               llama.cpp builds that state it;
//   /get_server_info context_length     SGLang, when set at launch;
//   131072                              the seed's default.
// A value that is not a usable length (UsableLength) is passed over, said
// in `notes`, and the next source is tried.
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

// A max model length as one endpoint states it.
struct LengthStatement {
  std::string source;  // endpoint and field, e.g. "/props default_..."
  // Set when the field holds a usable length...
  std::optional<int64_t> length;
  // ...else the JSON text it holds (cut), e.g. "-5".
  std::string unusable;
};

struct ServerInfo {
  std::string model;
  std::string model_source;  // "BENCH_MODEL" or "/v1/models"
  int64_t max_model_len = kDefaultMaxModelLen;
  // "BENCH_MAX_MODEL_LEN", a LengthStatement's source, or "default" (with
  // what the servers sent when that was passed over, e.g. "default;
  // /v1/models max_model_len said -5").
  std::string max_model_len_source;
  // What the user should hear about: server facts that were ignored, and
  // which value is used instead.
  std::vector<std::string> notes;
  // What /v1/models stated about the length (max_model_len, meta.n_ctx), in
  // the order of preference; WaitForServer weighs them with the other
  // endpoints'.
  std::vector<LengthStatement> models_statements;
};

// A length as a server states it in JSON, if it is one: a whole number
// from 1 to kMaxServerTokens (an integer, or a float with no fraction).
std::optional<int64_t> UsableLength(const rapidjson::Value& value);

// The JSON text of `value`, e.g. "-5" or "1e30" (bounded by the caller).
std::string JsonText(const rapidjson::Value& value);

// Interprets a /v1/models body (pure; no I/O). The max model length is
// chosen from what /v1/models states (see the file comment).
Result<ServerInfo> InterpretModelList(const std::string& body,
                                      const Settings& settings);

// What a llama.cpp GET /props body states: default_generation_settings.n_ctx.
// nullopt when the body is no JSON object or has no such field (or null).
std::optional<LengthStatement> LengthFromProps(const std::string& body);

// What an SGLang GET /get_server_info body states: context_length (null
// unless --context-length was given).
std::optional<LengthStatement> LengthFromServerInfo(const std::string& body);

// Sets info.max_model_len and its source from the first statement with a
// usable length, in the order given; each passed over adds a note. None:
// the default. info.notes becomes the notes of this choice (the only
// notes discovery makes).
void ChooseMaxModelLen(const std::vector<LengthStatement>& statements,
                       ServerInfo& info);

using ProgressSink = std::function<void(const std::string&)>;

// Polls settings.url + "/v1/models" every `poll_interval_s` until it answers,
// then interprets it.
Result<ServerInfo> WaitForServer(HttpClient& client, const Settings& settings,
                                 const ProgressSink& progress,
                                 double poll_interval_s = 2.0);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_DISCOVERY_H_
