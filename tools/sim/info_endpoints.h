// Bodies of the JSON endpoints that describe the model rather than run it:
// GET /v1/models and POST /tokenize, in vLLM's shapes.
#ifndef SERVEBENCH_TOOLS_SIM_INFO_ENDPOINTS_H_
#define SERVEBENCH_TOOLS_SIM_INFO_ENDPOINTS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sim/api_error.h"
#include "tools/sim/config.h"
#include "tools/sim/json_out.h"

namespace servebench::sim {

// {"object":"list","data":[{"id":<config.model>,"object":"model",
// "created":..., "owned_by":..., then the members `more(JsonWriter&)`
// writes}]}: the /v1/models shape the engines share.
template <typename More>
std::string ModelList(const SimConfig& config, int64_t created_unix_s,
                      std::string_view owned_by, More&& more) {
  return JsonObject([&](JsonWriter& w) {
    KeyStr(w, "object", "list");
    w.Key("data");
    w.StartArray();
    w.StartObject();
    KeyStr(w, "id", config.model);
    KeyStr(w, "object", "model");
    KeyInt(w, "created", created_unix_s);
    KeyStr(w, "owned_by", owned_by);
    more(w);
    w.EndObject();
    w.EndArray();
  });
}

// {"object":"list","data":[{"id":..., "object":"model", "created":...,
//  "owned_by":"vllm", "root":..., "parent":null, "max_model_len":...,
//  "permission":[...]}]}
// With config.advertised_max_model_len, that text is max_model_len; with
// config.models_nested, the whole answer is NestedModelsBody instead.
std::string ModelsBody(const SimConfig& config, int64_t created_unix_s);

// {"tokens":[...],"count":N,"max_model_len":M} for a /tokenize body, counted
// by the same tokenizer as usage.prompt_tokens; or a 400/404.
OrApiError<std::string> TokenizeBody(const SimConfig& config,
                                     std::string_view request_body);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_INFO_ENDPOINTS_H_
