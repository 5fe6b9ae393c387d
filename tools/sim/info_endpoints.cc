// Renders /v1/models and /tokenize responses.
#include "tools/sim/info_endpoints.h"

#include <cinttypes>
#include <cstdio>
#include <vector>

#include "tools/sim/hostile_json.h"
#include "tools/sim/request.h"
#include "tools/sim/seeded_random.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {

std::string ModelsBody(const SimConfig& config, int64_t created_unix_s) {
  if (config.models_nested) {
    return NestedModelsBody(config.nesting_kind, config.nesting_depth);
  }
  char permission_id[48];
  std::snprintf(permission_id, sizeof(permission_id), "modelperm-%016" PRIx64,
                Mix64(config.seed));
  return ModelList(config, created_unix_s, "vllm", [&](JsonWriter& w) {
    KeyStr(w, "root", config.model);
    KeyNull(w, "parent");
    w.Key("max_model_len");
    if (config.advertised_max_model_len.empty()) {
      w.Int(config.max_model_len);
    } else {
      // Verbatim, whatever its magnitude (ValidateConfig checked the
      // grammar).
      w.RawValue(config.advertised_max_model_len.data(),
                 config.advertised_max_model_len.size(),
                 rapidjson::kNumberType);
    }
    w.Key("permission");
    w.StartArray();
    w.StartObject();
    KeyStr(w, "id", permission_id);
    KeyStr(w, "object", "model_permission");
    KeyInt(w, "created", created_unix_s);
    KeyBool(w, "allow_create_engine", false);
    KeyBool(w, "allow_sampling", true);
    KeyBool(w, "allow_logprobs", true);
    KeyBool(w, "allow_search_indices", false);
    KeyBool(w, "allow_view", true);
    KeyBool(w, "allow_fine_tuning", false);
    KeyStr(w, "organization", "*");
    KeyNull(w, "group");
    KeyBool(w, "is_blocking", false);
    w.EndObject();
    w.EndArray();
  });
}

OrApiError<std::string> TokenizeBody(const SimConfig& config,
                                     std::string_view request_body) {
  Result<TokenizeRequest> request = ParseTokenizeRequest(request_body);
  if (!request.ok()) return BadRequest(request.error());
  // vLLM refuses other model names; SGLang, whose /tokenize has the same
  // shape, serves one model whatever the request names.
  if (config.engine == Engine::kVllm) {
    if (auto error = CheckModel(request->model, config.model)) return *error;
  }
  std::vector<int32_t> ids =
      request->is_chat
          ? TokenizeChat(request->messages, request->add_generation_prompt)
          : TokenizePrompt(request->prompt, request->add_special_tokens);
  return JsonObject([&](JsonWriter& w) {
    w.Key("tokens");
    w.StartArray();
    for (int32_t id : ids) w.Int(id);
    w.EndArray();
    KeyInt(w, "count", static_cast<int64_t>(ids.size()));
    KeyInt(w, "max_model_len", config.max_model_len);
  });
}

}  // namespace servebench::sim
