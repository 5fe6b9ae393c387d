// Reading memory facts from /v1/models, /get_server_info and trtllm-serve's
// iteration statistics.
#include "bench/facts/api_facts.h"

#include <rapidjson/document.h>

#include <cmath>

#include "bench/base/json.h"
#include "bench/base/limits.h"

namespace servebench {
namespace {

using Value = rapidjson::Value;

const Value* Member(const Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// A whole number from 1 to `max` (integers, or floats without a fraction).
std::optional<int64_t> Whole(const Value* v, double max) {
  if (v == nullptr || !v->IsNumber()) return std::nullopt;
  const double d = v->GetDouble();
  if (!(d >= 1 && d <= max) || d != std::floor(d)) return std::nullopt;
  return static_cast<int64_t>(d);
}

// The member `name` of the data[] entry of /v1/models whose id is `model`.
const Value* ModelMember(const rapidjson::Document& doc,
                         const std::string& model, const char* name) {
  const Value* data = Member(doc, "data");
  if (data == nullptr || !data->IsArray()) return nullptr;
  for (const Value& entry : data->GetArray()) {
    const Value* id = Member(entry, "id");
    if (id != nullptr && id->IsString() &&
        model == std::string(id->GetString(), id->GetStringLength())) {
      return Member(entry, name);
    }
  }
  return nullptr;
}

}  // namespace

std::optional<Engine> EngineFromModels(const std::string& body,
                                       const std::string& model) {
  rapidjson::Document doc;
  if (!ParseJson(body, doc).ok) return std::nullopt;
  const Value* owner = ModelMember(doc, model, "owned_by");
  if (owner == nullptr || !owner->IsString()) return std::nullopt;
  const std::string name(owner->GetString(), owner->GetStringLength());
  if (name == "vllm") return Engine::kVllm;
  if (name == "sglang") return Engine::kSglang;
  if (name == "llamacpp") return Engine::kLlamaCpp;
  if (name == "tensorrt_llm") return Engine::kTrtllm;
  return std::nullopt;
}

std::optional<double> ModelMemoryFromModelsMeta(const std::string& body,
                                                const std::string& model) {
  rapidjson::Document doc;
  if (!ParseJson(body, doc).ok) return std::nullopt;
  const Value* meta = ModelMember(doc, model, "meta");
  // Up to 2^50 bytes (1 PiB): no model's weights are larger.
  const std::optional<int64_t> bytes =
      Whole(meta ? Member(*meta, "size") : nullptr, std::ldexp(1.0, 50));
  if (!bytes) return std::nullopt;
  return static_cast<double>(*bytes) / (1024.0 * 1024.0 * 1024.0);
}

std::optional<int64_t> KvTokensFromServerInfo(const std::string& body) {
  rapidjson::Document doc;
  if (!ParseJson(body, doc).ok) return std::nullopt;
  return Whole(Member(doc, "max_total_num_tokens"),
               static_cast<double>(kMaxServerTokens) * 64);
}

std::optional<int64_t> KvTokensFromIterationStats(const std::string& body) {
  rapidjson::Document doc;
  if (!ParseJson(body, doc).ok || !doc.IsArray() || doc.Empty()) {
    return std::nullopt;
  }
  const Value* stats = Member(doc[doc.Size() - 1], "kvCacheStats");
  if (stats == nullptr) return std::nullopt;
  const std::optional<int64_t> blocks =
      Whole(Member(*stats, "maxNumBlocks"), 1e12);
  const std::optional<int64_t> per_block =
      Whole(Member(*stats, "tokensPerBlock"), 1e6);
  if (!blocks || !per_block) return std::nullopt;
  const double tokens = static_cast<double>(*blocks) * *per_block;
  if (tokens > static_cast<double>(kMaxServerTokens) * 64) return std::nullopt;
  return static_cast<int64_t>(tokens);
}

}  // namespace servebench
