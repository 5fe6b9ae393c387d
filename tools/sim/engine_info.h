// Bodies of the endpoints that describe the model and server rather than
// run it, for the SGLang, llama.cpp and TensorRT-LLM personalities (vLLM's
// are info_endpoints.h). Each states its source in tools/sim/README.md.
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_INFO_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_INFO_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sim/api_error.h"
#include "tools/sim/config.h"

namespace servebench::sim {

// GET /v1/models of SGLang: {"object":"list","data":[{"id":...,
// "object":"model","created":...,"owned_by":"sglang","root":...,
// "parent":null,"max_model_len":...}]}.
std::string SglangModelsBody(const SimConfig& config, int64_t created);

// GET /get_model_info (and /model_info) of SGLang.
std::string SglangModelInfoBody(const SimConfig& config);

// GET /get_server_info (and /server_info) of SGLang: a subset of its
// server_args with context_length set, the scheduler's
// max_total_num_tokens and max_req_input_len, internal_states, version.
std::string SglangServerInfoBody(const SimConfig& config, int port);

// GET /v1/models (and /models) of llama.cpp: the ollama-style "models"
// list, then "object" and "data" with "meta" (n_ctx, n_ctx_train, size
// in bytes of the weights, ...).
std::string LlamaCppModelsBody(const SimConfig& config, int64_t created);

// GET /props of llama.cpp: default_generation_settings (with n_ctx, the
// context of one slot), total_slots, model_alias, model_path, build_info...
std::string LlamaCppPropsBody(const SimConfig& config);

// GET /slots of llama.cpp: one object per slot, the first `processing` of
// them busy.
std::string LlamaCppSlotsBody(const SimConfig& config, int64_t processing);

// POST /tokenize of llama.cpp: {"content": "..."} (or a list of strings and
// token ids) gives {"tokens":[...]}, with "add_special" (default false) and
// "with_pieces"; a body without "content" gives {"tokens":[]}. A body that
// is not a JSON object is a 400.
OrApiError<std::string> LlamaCppTokenizeBody(std::string_view request_body);

// GET /v1/models of trtllm-serve: {"object":"list","data":[{"id":...,
// "object":"model","created":...,"owned_by":"tensorrt_llm"}]}.
std::string TrtllmModelsBody(const SimConfig& config, int64_t created);

// GET /version of trtllm-serve.
std::string TrtllmVersionBody();

// The TensorRT-LLM version whose log format the simulator copies.
inline constexpr std::string_view kTrtllmVersion = "1.1.0rc3";

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_INFO_H_
