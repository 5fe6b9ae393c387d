// Flag definitions for sim_server.
#include "tools/sim/flags.h"

#include "bench/base/cli_options.h"
#include "tools/sim/engine.h"
#include "tools/sim/fault.h"
#include "tools/sim/hostile_json.h"

namespace servebench::sim {
namespace {

constexpr EnumNames<RoleChunk, 2> kRoleChunkNames({{
    {RoleChunk::kWithFirstToken, "with-first-token"},
    {RoleChunk::kBeforePrefill, "before-prefill"},
}});

constexpr EnumNames<ReasoningField, 3> kReasoningFieldNames({{
    {ReasoningField::kReasoningContent, "reasoning_content"},
    {ReasoningField::kReasoning, "reasoning"},
    {ReasoningField::kBoth, "both"},
}});

constexpr EnumNames<NestingKind, 2> kNestingKindNames({{
    {NestingKind::kArray, "array"},
    {NestingKind::kObject, "object"},
}});

// One of an enum's names; --help shows the choices and the default.
template <typename E, size_t N>
void AddChoice(CLI::App& app, const char* name, E& value,
               const EnumNames<E, N>& names, const char* help) {
  app.add_option_function<std::string>(
         name,
         [&value, &names](const std::string& text) {
           value = names.Parse(text).value_or(value);
         },
         help)
      ->check(CLI::IsMember(names.Names()))
      ->default_str(std::string(names.Name(value)));
}

}  // namespace

void RegisterFlags(CLI::App& app, SimFlags& flags) {
  SimConfig& c = flags.config;
  AddChoice(app, "--engine", c.engine, kEngineNames,
            "The server to impersonate: its endpoints, stream shapes, log "
            "lines and /metrics names (see tools/sim/README.md)");
  AddShown(app, "--host", c.host, "Address to listen on");
  AddChecked(app, "--port", c.port, "TCP port; 0 picks a free one",
             CLI::Range(0, 65535));
  AddChecked(app, "--threads", c.threads,
             "Serving threads, each running its own event loop; "
             "connections are spread over them round-robin",
             CLI::Range(1, kMaxThreads));
  app.add_option("--port-file", flags.port_file,
                 "Once listening, atomically write the port number and a "
                 "newline to this file");
  AddShown(app, "--model", c.model, "Served model name");
  AddChecked(app, "--max-model-len", c.max_model_len,
             "Context window: prompt + max_tokens must fit",
             CLI::PositiveNumber);
  AddChecked(app, "--ttft-base-ms", c.ttft_base_ms,
             "Time to first token for an empty prompt", CLI::NonNegativeNumber);
  AddChecked(app, "--prefill-us-per-token", c.prefill_us_per_token,
             "Added to TTFT per prompt token", CLI::NonNegativeNumber);
  AddChecked(app, "--tpot-ms", c.tpot_ms, "Time between output tokens",
             CLI::NonNegativeNumber);
  AddChecked(app, "--jitter-pct", c.jitter_pct,
             "Seeded multiplicative jitter (+/- percent) on TTFT and "
             "each inter-token gap",
             CLI::Range(0.0, 100.0));
  AddShown(app, "--seed", c.seed,
           "Seed for jitter, early stops and generated text");
  AddChecked(app, "--early-stop-fraction", c.early_stop_fraction,
             "Fraction of requests without ignore_eos that stop early "
             "(finish_reason \"stop\") at 50-100% of max_tokens",
             CLI::Range(0.0, 1.0));
  AddChecked(app, "--startup-delay-s", c.startup_delay_s,
             "Simulated model loading: /health, /v1/models and "
             "generation answer 503 until then",
             CLI::NonNegativeNumber);
  app.add_option("--log-file", flags.log_file,
                 "Write the vLLM-style log here instead of stderr");
  AddChecked(app, "--model-memory-gib", c.model_memory_gib,
             "Reported model weight memory", CLI::NonNegativeNumber);
  AddChecked(app, "--kv-cache-gib", c.kv_cache_gib,
             "Reported available KV cache memory", CLI::NonNegativeNumber);
  AddChecked(app, "--kv-cache-tokens", c.kv_cache_tokens,
             "Reported KV cache capacity in tokens (num_gpu_blocks = "
             "this / 16)",
             CLI::Range(int64_t{16}, int64_t{1} << 40));
  AddChecked(app, "--gpu-memory-utilization", c.gpu_memory_utilization,
             "Reported in the startup log and /metrics", CLI::Range(0.0, 1.0));
  app.add_flag("--log-memory,!--no-log-memory", c.log_memory,
               "Whether the startup log states model memory and KV cache "
               "size (--no-log-memory leaves those lines out, as a server "
               "logging below info level would)");
  app.add_flag("--dcgm", c.dcgm,
               "Serve a DCGM-exporter-like GPU series at GET /dcgm/metrics: "
               "power following the load, its exact energy integral, "
               "framebuffer memory");
  AddChecked(app, "--gpus", c.gpus, "GPUs in the DCGM series",
             CLI::Range(1, kMaxGpus));
  AddChecked(app, "--gpu-idle-watts", c.gpu_idle_watts,
             "Power of each GPU with no request active",
             CLI::Range(0.0, 10000.0));
  AddChecked(app, "--gpu-watts-per-request", c.gpu_watts_per_request,
             "Power each GPU adds per request in its active phase "
             "(admission to last token)",
             CLI::Range(0.0, 10000.0));
  AddChecked(app, "--gpu-memory-gib", c.gpu_memory_gib,
             "Framebuffer size of each GPU (DCGM_FI_DEV_FB_FREE)",
             CLI::Range(1.0, 1e6));
  AddShown(app, "--gpu-model-name", c.gpu_model_name,
           "The GPUs' modelName label");
  AddChecked(app, "--max-num-seqs", c.max_num_seqs,
             "Saturation: at most this many requests run at once, the "
             "others wait in arrival order (0: no limit)",
             CLI::Range(int64_t{0}, kMaxNumSeqs));
  app.add_flag("--kv-admission", c.kv_admission,
               "Saturation: a request also waits until its prompt + "
               "max_tokens fit in --kv-cache-tokens beside the running ones");
  AddChecked(app, "--batch-tpot-alpha", c.batch_tpot_alpha,
             "Saturation: each decode step of a request admitted with R "
             "requests running takes tpot * (1 + alpha * (R - 1))",
             CLI::Range(0.0, 100.0));
  AddChoice(app, "--role-chunk", c.role_chunk, kRoleChunkNames,
            "When chat streams send the role-only first chunk: "
            "with-first-token (as vLLM does) or before-prefill");

  AddChecked(app, "--lateness-log-s", c.lateness_log_s,
             "Seconds between the log's summaries of the simulator's own "
             "lateness (written only when there was traffic); 0: only at "
             "shutdown",
             CLI::Range(0.0, kMaxLatenessLogS));

  AddChecked(app, "--spec-tokens", c.spec_tokens,
             "Speculative decoding: draft tokens proposed per decode "
             "step; each step (one --tpot-ms) then streams one chunk of "
             "1 to K+1 tokens. 0 disables it",
             CLI::Range(0, kMaxSpecTokens));
  AddChecked(app, "--spec-acceptance", c.spec_acceptance,
             "Probability that each draft token is accepted, given the "
             "ones before it were (seeded per request)",
             CLI::Range(0.0, 1.0));
  app.add_flag("--prefix-cache,!--no-prefix-cache", c.prefix_cache,
               "Automatic prefix caching in 16-token blocks: cached prompt "
               "tokens cost no prefill and are reported as "
               "usage.prompt_tokens_details.cached_tokens (vLLM V1 enables "
               "it by default; the simulator does not)");
  AddChecked(app, "--prefix-cache-tokens", c.prefix_cache_tokens,
             "Prefix cache capacity in tokens (least recently used "
             "blocks are evicted)",
             CLI::Range(int64_t{0}, int64_t{1} << 40));
  AddChecked(app, "--reasoning-tokens", c.reasoning_tokens,
             "Reasoning model: the first R generated tokens of a chat "
             "response are thinking, sent in --reasoning-field; they "
             "count in completion_tokens. 0 disables it",
             CLI::NonNegativeNumber);
  AddChoice(app, "--reasoning-field", c.reasoning_field, kReasoningFieldNames,
            "Field carrying reasoning tokens: reasoning_content, reasoning "
            "(newer vLLM) or both");
  app.add_flag("--ignore-ignore-eos", c.ignore_ignore_eos,
               "Behave as if every request had ignore_eos=false and no "
               "min_tokens, so --early-stop-fraction still ends some early");
  app.add_option("--reject-fields", c.reject_fields,
                 "Comma-separated top-level request fields answered with "
                 "HTTP 400 \"<field> is not supported\"")
      ->delimiter(',');
  AddChoice(app, "--fault", c.fault, kFaultKindNames,
            "Inject this failure into the completion requests chosen by "
            "--fault-rate or --fault-every (see tools/sim/README.md)");
  AddChecked(app, "--fault-rate", c.fault_rate,
             "Seeded fraction of completion requests that get --fault",
             CLI::Range(0.0, 1.0));
  AddChecked(app, "--fault-every", c.fault_every,
             "Every Nth completion request (1-based) gets --fault",
             CLI::NonNegativeNumber);
  AddChecked(app, "--fault-stall-s", c.fault_stall_s,
             "Length of the stall-before and stall-mid faults",
             CLI::NonNegativeNumber);
  app.add_flag("--models-nested", c.models_nested,
               "Hostile: /v1/models answers {\"object\":\"list\",\"data\":"
               "NESTED}, NESTED being --nesting-depth levels of "
               "--nesting-kind");
  AddChecked(app, "--nesting-depth", c.nesting_depth,
             "Depth of the nested documents of --models-nested and "
             "--fault nested-event",
             CLI::Range(kMinNestingDepth, kMaxNestingDepth));
  AddChoice(app, "--nesting-kind", c.nesting_kind, kNestingKindNames,
            "What the nested documents repeat: array ([[[]]]) or object "
            "({\"a\":{\"a\":{}}})");
  app.add_option("--advertised-max-model-len", c.advertised_max_model_len,
                 "Hostile: this JSON number text (e.g. -5, 0, 1e30) is "
                 "written verbatim as max_model_len in /v1/models; requests "
                 "are still checked against --max-model-len");
}

Status ValidateConfig(const SimConfig& c) {
  if (c.port < 0 || c.port > 65535) {
    return Error{"port must be in [0, 65535], got " + std::to_string(c.port)};
  }
  if (c.threads < 1 || c.threads > kMaxThreads) {
    return Error{"threads must be in [1, " + std::to_string(kMaxThreads) +
                 "], got " + std::to_string(c.threads)};
  }
  if (c.max_model_len < 1) {
    return Error{"max_model_len must be at least 1, got " +
                 std::to_string(c.max_model_len)};
  }
  if (c.ttft_base_ms < 0 || c.prefill_us_per_token < 0 || c.tpot_ms < 0 ||
      c.startup_delay_s < 0) {
    return Error{
        "timing settings (ttft_base_ms, prefill_us_per_token, "
        "tpot_ms, startup_delay_s) must not be negative"};
  }
  if (!(c.lateness_log_s >= 0 && c.lateness_log_s <= kMaxLatenessLogS)) {
    return Error{"lateness_log_s must be in [0, " +
                 std::to_string(static_cast<int>(kMaxLatenessLogS)) +
                 "] seconds (0 turns the periodic line off)"};
  }
  if (c.jitter_pct < 0 || c.jitter_pct > 100) {
    return Error{"jitter_pct must be in [0, 100]"};
  }
  if (c.early_stop_fraction < 0 || c.early_stop_fraction > 1) {
    return Error{"early_stop_fraction must be in [0, 1]"};
  }
  if (c.kv_cache_tokens < kKvBlockSize) {
    return Error{"kv_cache_tokens must be at least one block (16 tokens)"};
  }
  if (c.spec_tokens < 0 || c.spec_tokens > kMaxSpecTokens) {
    return Error{"spec_tokens must be in [0, " +
                 std::to_string(kMaxSpecTokens) + "]"};
  }
  if (c.spec_acceptance < 0 || c.spec_acceptance > 1) {
    return Error{"spec_acceptance must be in [0, 1]"};
  }
  if (c.prefix_cache_tokens < 0 || c.reasoning_tokens < 0) {
    return Error{
        "prefix_cache_tokens and reasoning_tokens must not be "
        "negative"};
  }
  if (c.fault_rate < 0 || c.fault_rate > 1 || c.fault_every < 0 ||
      c.fault_stall_s < 0) {
    return Error{
        "fault_rate must be in [0, 1]; fault_every and "
        "fault_stall_s must not be negative"};
  }
  if (c.nesting_depth < kMinNestingDepth ||
      c.nesting_depth > kMaxNestingDepth) {
    return Error{"nesting_depth must be in [" +
                 std::to_string(kMinNestingDepth) + ", " +
                 std::to_string(kMaxNestingDepth) + "], got " +
                 std::to_string(c.nesting_depth)};
  }
  if (!c.advertised_max_model_len.empty() &&
      (c.advertised_max_model_len.size() > kMaxAdvertisedNumberChars ||
       !IsJsonNumberText(c.advertised_max_model_len))) {
    return Error{
        "--advertised-max-model-len must be one JSON number of at most " +
        std::to_string(kMaxAdvertisedNumberChars) +
        " characters (like -5, 0 or 1e30)"};
  }
  if (c.gpus < 1 || c.gpus > kMaxGpus) {
    return Error{"gpus must be in [1, " + std::to_string(kMaxGpus) + "], got " +
                 std::to_string(c.gpus)};
  }
  if (!(c.gpu_idle_watts >= 0 && c.gpu_idle_watts <= 10000) ||
      !(c.gpu_watts_per_request >= 0 && c.gpu_watts_per_request <= 10000) ||
      !(c.gpu_memory_gib >= 1 && c.gpu_memory_gib <= 1e6)) {
    return Error{
        "gpu_idle_watts and gpu_watts_per_request must be in [0, 10000] W "
        "and gpu_memory_gib in [1, 1e6]"};
  }
  if (c.max_num_seqs < 0 || c.max_num_seqs > kMaxNumSeqs ||
      !(c.batch_tpot_alpha >= 0 && c.batch_tpot_alpha <= 100)) {
    return Error{"max_num_seqs must be in [0, " + std::to_string(kMaxNumSeqs) +
                 "] and batch_tpot_alpha in [0, 100]"};
  }
  if (c.kv_admission && c.kv_cache_tokens < c.max_model_len) {
    return Error{
        "--kv-admission needs --kv-cache-tokens at least --max-model-len, "
        "or a request of max_model_len tokens could never be admitted"};
  }
  if (c.fault != FaultKind::kNone &&
      (c.fault_rate > 0) == (c.fault_every > 0)) {
    return Error{"--fault " + std::string(FaultKindName(c.fault)) +
                 " needs exactly one of --fault-rate and --fault-every"};
  }
  return Ok{};
}

}  // namespace servebench::sim
