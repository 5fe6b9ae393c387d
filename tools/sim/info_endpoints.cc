// Renders /v1/models and /tokenize responses.
#include "tools/sim/info_endpoints.h"

#include <cinttypes>
#include <cstdio>
#include <vector>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/sim/hostile_json.h"
#include "tools/sim/request.h"
#include "tools/sim/seeded_random.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void String(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void Bool(JsonWriter& w, const char* key, bool value) {
  w.Key(key);
  w.Bool(value);
}

}  // namespace

std::string ModelsBody(const SimConfig& config, int64_t created_unix_s) {
  if (config.models_nested) {
    return NestedModelsBody(config.nesting_kind, config.nesting_depth);
  }
  char permission_id[48];
  std::snprintf(permission_id, sizeof(permission_id), "modelperm-%016" PRIx64,
                Mix64(config.seed));
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("object");
  w.String("list");
  w.Key("data");
  w.StartArray();
  w.StartObject();
  w.Key("id");
  String(w, config.model);
  w.Key("object");
  w.String("model");
  w.Key("created");
  w.Int64(created_unix_s);
  w.Key("owned_by");
  w.String("vllm");
  w.Key("root");
  String(w, config.model);
  w.Key("parent");
  w.Null();
  w.Key("max_model_len");
  if (config.advertised_max_model_len.empty()) {
    w.Int(config.max_model_len);
  } else {
    // Verbatim, whatever its magnitude (ValidateConfig checked the grammar).
    w.RawValue(config.advertised_max_model_len.data(),
               config.advertised_max_model_len.size(), rapidjson::kNumberType);
  }
  w.Key("permission");
  w.StartArray();
  w.StartObject();
  w.Key("id");
  w.String(permission_id);
  w.Key("object");
  w.String("model_permission");
  w.Key("created");
  w.Int64(created_unix_s);
  Bool(w, "allow_create_engine", false);
  Bool(w, "allow_sampling", true);
  Bool(w, "allow_logprobs", true);
  Bool(w, "allow_search_indices", false);
  Bool(w, "allow_view", true);
  Bool(w, "allow_fine_tuning", false);
  w.Key("organization");
  w.String("*");
  w.Key("group");
  w.Null();
  Bool(w, "is_blocking", false);
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
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
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("tokens");
  w.StartArray();
  for (int32_t id : ids) w.Int(id);
  w.EndArray();
  w.Key("count");
  w.Int64(static_cast<int64_t>(ids.size()));
  w.Key("max_model_len");
  w.Int(config.max_model_len);
  w.EndObject();
  return std::string(buffer.GetString());
}

}  // namespace servebench::sim
