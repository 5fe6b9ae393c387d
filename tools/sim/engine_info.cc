// Renders the info endpoints of the non-vLLM personalities.
#include "tools/sim/engine_info.h"

#include <cmath>

#include "rapidjson/document.h"
#include "tools/sim/engine.h"
#include "tools/sim/engine_errors.h"
#include "tools/sim/info_endpoints.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

// A float32 parameter as nlohmann prints it after widening to double (the
// way llama.cpp's defaults read in its README: 0.800000011920929).
void KeyFloat32(JsonWriter& w, const char* key, float value) {
  KeyDouble(w, key, static_cast<double>(value));
}

// A stand-in GGUF path for the served model.
std::string GgufPath(const SimConfig& config) {
  std::string name = config.model;
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  return "/models/" + name + ".gguf";
}

// The weights' size in bytes (meta.size): --model-memory-gib.
int64_t WeightBytes(const SimConfig& config) {
  return static_cast<int64_t>(
      std::llround(config.model_memory_gib * 1073741824.0));
}

// The members of task_params::to_json(only_metrics = true) with
// llama-server's defaults, the fields the simulator honours first among
// them.
void DefaultParams(JsonWriter& w) {
  KeyInt(w, "seed", 4294967295LL);
  KeyFloat32(w, "temperature", 0.8f);
  KeyFloat32(w, "dynatemp_range", 0.0f);
  KeyFloat32(w, "dynatemp_exponent", 1.0f);
  KeyInt(w, "top_k", 40);
  KeyFloat32(w, "top_p", 0.95f);
  KeyFloat32(w, "min_p", 0.05f);
  KeyFloat32(w, "top_n_sigma", -1.0f);
  KeyFloat32(w, "xtc_probability", 0.0f);
  KeyFloat32(w, "xtc_threshold", 0.1f);
  KeyFloat32(w, "typical_p", 1.0f);
  KeyInt(w, "repeat_last_n", 64);
  KeyFloat32(w, "repeat_penalty", 1.0f);
  KeyFloat32(w, "presence_penalty", 0.0f);
  KeyFloat32(w, "frequency_penalty", 0.0f);
  KeyInt(w, "max_tokens", -1);
  KeyInt(w, "n_predict", -1);
  KeyInt(w, "n_keep", 0);
  KeyInt(w, "n_discard", 0);
  KeyBool(w, "ignore_eos", false);
  KeyBool(w, "stream", true);
  KeyInt(w, "n_probs", 0);
  KeyInt(w, "min_keep", 0);
  KeyBool(w, "timings_per_token", false);
  KeyBool(w, "post_sampling_probs", false);
}

}  // namespace

std::string SglangModelsBody(const SimConfig& config, int64_t created) {
  return ModelList(config, created, "sglang", [&](JsonWriter& w) {
    KeyStr(w, "root", config.model);
    KeyNull(w, "parent");
    KeyInt(w, "max_model_len", config.max_model_len);
  });
}

std::string SglangModelInfoBody(const SimConfig& config) {
  return JsonObject([&](JsonWriter& w) {
    KeyStr(w, "model_path", config.model);
    KeyStr(w, "tokenizer_path", config.model);
    KeyBool(w, "is_generation", true);
    KeyNull(w, "preferred_sampling_params");
    KeyStr(w, "weight_version", "default");
  });
}

std::string SglangServerInfoBody(const SimConfig& config, int port) {
  return JsonObject([&](JsonWriter& w) {
    // dataclasses.asdict(server_args): a subset, in its declaration order.
    KeyStr(w, "model_path", config.model);
    KeyStr(w, "tokenizer_path", config.model);
    KeyStr(w, "host", config.host);
    KeyInt(w, "port", port);
    // Set as if --context-length were given (its default is null: the
    // model's own length).
    KeyInt(w, "context_length", config.max_model_len);
    KeyStr(w, "served_model_name", config.model);
    KeyDouble(w, "mem_fraction_static", config.gpu_memory_utilization);
    KeyInt(w, "max_running_requests", ReportedMaxRunning(config));
    KeyInt(w, "chunked_prefill_size", 8192);
    KeyInt(w, "max_prefill_tokens", 16384);
    KeyInt(w, "tp_size", 1);
    KeyInt(w, "dp_size", 1);
    KeyBool(w, "enable_metrics", true);
    KeyInt(w, "random_seed", static_cast<int64_t>(config.seed));
    // The scheduler's info.
    KeyStr(w, "status", "ready");
    KeyInt(w, "max_total_num_tokens", config.kv_cache_tokens);
    KeyInt(w, "max_req_input_len", config.max_model_len - 1);
    KeyStrings(w, "internal_states", {});
    KeyStr(w, "version", "0.0.0+servebench.sim");
  });
}

std::string LlamaCppModelsBody(const SimConfig& config, int64_t created) {
  return JsonObject([&](JsonWriter& w) {
    w.Key("models");
    w.StartArray();
    w.StartObject();
    KeyStr(w, "name", config.model);
    KeyStr(w, "model", config.model);
    KeyStr(w, "modified_at", "");
    KeyStr(w, "size", "");
    KeyStr(w, "digest", "");
    KeyStr(w, "type", "model");
    KeyStr(w, "description", "");
    KeyStrings(w, "tags", {""});
    KeyStrings(w, "capabilities", {"completion"});
    KeyStr(w, "parameters", "");
    KeyObject(w, "details", [&](JsonWriter& w) {
      KeyStr(w, "parent_model", "");
      KeyStr(w, "format", "gguf");
      KeyStr(w, "family", "");
      KeyStrings(w, "families", {""});
      KeyStr(w, "parameter_size", "");
      KeyStr(w, "quantization_level", "");
    });
    w.EndObject();
    w.EndArray();
    KeyStr(w, "object", "list");
    w.Key("data");
    w.StartArray();
    w.StartObject();
    KeyStr(w, "id", config.model);
    KeyStrings(w, "aliases", {});
    KeyStrings(w, "tags", {});
    KeyStr(w, "object", "model");
    KeyInt(w, "created", created);
    KeyStr(w, "owned_by", "llamacpp");
    KeyObject(w, "meta", [&](JsonWriter& w) {
      // A Llama-3-8B-like model (the simulator's tokenizer uses Llama 3's
      // special token ids).
      KeyInt(w, "vocab_type", 2);
      KeyInt(w, "n_vocab", 128256);
      KeyInt(w, "n_ctx", config.max_model_len);
      KeyInt(w, "n_ctx_train", 131072);
      KeyInt(w, "n_embd", 4096);
      KeyInt(w, "n_params", 8030261312LL);
      KeyInt(w, "size", WeightBytes(config));
      KeyStr(w, "ftype", "BF16");
    });
    w.EndObject();
    w.EndArray();
  });
}

std::string LlamaCppPropsBody(const SimConfig& config) {
  return JsonObject([&](JsonWriter& w) {
    KeyObject(w, "default_generation_settings", [&](JsonWriter& w) {
      KeyObject(w, "params", DefaultParams);
      KeyInt(w, "n_ctx", config.max_model_len);
    });
    KeyInt(w, "total_slots", ReportedMaxRunning(config));
    KeyStr(w, "model_alias", config.model);
    KeyStr(w, "model_ftype", "BF16");
    KeyStr(w, "model_path", GgufPath(config));
    KeyObject(w, "modalities", [&](JsonWriter& w) {
      KeyBool(w, "vision", false);
      KeyBool(w, "video", false);
      KeyBool(w, "audio", false);
    });
    KeyBool(w, "endpoint_slots", true);
    KeyBool(w, "endpoint_props", false);
    KeyBool(w, "endpoint_metrics", true);
    KeyStr(w, "chat_template", "");
    KeyStr(w, "bos_token", "<|begin_of_text|>");
    KeyStr(w, "eos_token", "<|eot_id|>");
    KeyStr(w, "build_info", kLlamaCppBuildInfo);
    KeyBool(w, "is_sleeping", false);
  });
}

std::string LlamaCppSlotsBody(const SimConfig& config, int64_t processing) {
  const int64_t slots = ReportedMaxRunning(config);
  return JsonText([&](JsonWriter& w) {
    w.StartArray();
    for (int64_t i = 0; i < slots; ++i) {
      w.StartObject();
      KeyInt(w, "id", i);
      KeyInt(w, "id_task", -1);
      KeyInt(w, "n_ctx", config.max_model_len);
      KeyBool(w, "speculative", false);
      KeyBool(w, "is_processing", i < processing);
      KeyObject(w, "params", DefaultParams);
      KeyObject(w, "next_token", [&](JsonWriter& w) {
        KeyBool(w, "has_next_token", true);
        KeyBool(w, "has_new_line", false);
        KeyInt(w, "n_remain", -1);
        KeyInt(w, "n_decoded", 0);
      });
      w.EndObject();
    }
    w.EndArray();
  });
}

OrApiError<std::string> LlamaCppTokenizeBody(std::string_view request_body) {
  rapidjson::Document doc;
  doc.Parse(request_body.data(), request_body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    ApiError error = BadRequest("The request body must be a JSON object.");
    error.body = std::string(
        R"({"error":{"code":400,"message":"The request body must be a JSON object.","type":"invalid_request_error"}})");
    return error;
  }
  auto flag = [&](const char* key, bool fallback) {
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsBool() ? it->value.GetBool()
                                                       : fallback;
  };
  const bool add_special = flag("add_special", false);
  const bool with_pieces = flag("with_pieces", false);
  // (id, piece); a piece is empty for ids given as numbers.
  std::vector<std::pair<int32_t, std::string>> tokens;
  auto add_text = [&](std::string_view text) {
    for (std::string_view piece : TokenPieces(text)) {
      tokens.emplace_back(TokenId(piece), std::string(piece));
    }
  };
  auto content = doc.FindMember("content");
  if (content != doc.MemberEnd()) {
    if (add_special) tokens.emplace_back(kBeginOfTextId, "<|begin_of_text|>");
    if (content->value.IsString()) {
      add_text({content->value.GetString(), content->value.GetStringLength()});
    } else if (content->value.IsArray()) {
      for (const auto& part : content->value.GetArray()) {
        if (part.IsString()) {
          add_text({part.GetString(), part.GetStringLength()});
        } else if (part.IsInt()) {
          tokens.emplace_back(part.GetInt(), "");
        }
      }
    }
  }
  return JsonObject([&](JsonWriter& w) {
    w.Key("tokens");
    w.StartArray();
    for (const auto& [id, piece] : tokens) {
      if (with_pieces) {
        w.StartObject();
        KeyInt(w, "id", id);
        KeyStr(w, "piece", piece);
        w.EndObject();
      } else {
        w.Int(id);
      }
    }
    w.EndArray();
  });
}

std::string TrtllmModelsBody(const SimConfig& config, int64_t created) {
  return ModelList(config, created, "tensorrt_llm", [](JsonWriter&) {});
}

std::string TrtllmVersionBody() {
  return "{\"version\":\"" + std::string(kTrtllmVersion) + "\"}";
}

}  // namespace servebench::sim
