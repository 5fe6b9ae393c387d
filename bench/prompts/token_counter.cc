// /tokenize and probe-request token counting.
#include "bench/prompts/token_counter.h"

#include <rapidjson/document.h>

#include "bench/base/json.h"
#include "bench/base/limits.h"
#include "bench/base/safe_text.h"
#include "bench/protocol/endpoint.h"
#include "bench/protocol/request_body.h"
#include "bench/protocol/usage_check.h"

namespace servebench {
namespace {

Result<int64_t> CountWithTokenize(HttpClient& client, const std::string& url,
                                  const std::string& body) {
  SB_ASSIGN_OR_RETURN(const HttpResponse response, client.Post(url, body, 60));
  return TokenCountFromTokenize(response, url);
}

// The answer of `url` as a JSON object, or an error naming the url.
Status ReadObject(const HttpResponse& response, const std::string& url,
                  rapidjson::Document& doc) {
  if (response.status != 200) {
    return Error{"HTTP " + std::to_string(response.status) + " from " + url +
                 ": " + QuoteBody(response.body)};
  }
  if (const JsonParse parsed = ParseJson(response.body, doc); !parsed.ok) {
    return Error{url + " did not answer with valid JSON (" + parsed.error +
                 "): " + QuoteBody(response.body)};
  }
  if (!doc.IsObject()) {
    return Error{url + " did not answer with a JSON object: " +
                 QuoteBody(response.body)};
  }
  return Ok{};
}

// The member `name` of the JSON object `url` answered (parsed into `doc`,
// which owns it), when `is_kind` holds for it; else an error saying the
// answer came without `what`. Every count and prompt read from a server
// goes through here, so each lack is reported the same way.
Result<const rapidjson::Value*> RequiredMember(
    const HttpResponse& response, const std::string& url,
    rapidjson::Document& doc, const char* name,
    bool (rapidjson::Value::*is_kind)() const, const std::string& what) {
  SB_RETURN_IF_ERROR(ReadObject(response, url, doc));
  auto member = doc.FindMember(name);
  if (member == doc.MemberEnd() || !(member->value.*is_kind)()) {
    return Error{url + " answered without " + what + ": " +
                 QuoteBody(response.body)};
  }
  return &member->value;
}

// llama.cpp: the templated prompt (chat) or the prompt itself, tokenized.
Result<int64_t> CountWithLlamaCpp(HttpClient& client,
                                  const std::string& base_url,
                                  const std::string& model, Endpoint endpoint,
                                  const std::string& prompt) {
  std::string text = prompt;
  if (endpoint == Endpoint::kChatCompletions) {
    const std::string url = base_url + "/apply-template";
    SB_ASSIGN_OR_RETURN(
        const HttpResponse templated,
        client.Post(
            url,
            BuildTokenizeRequest(Endpoint::kChatCompletions, model, prompt),
            60));
    SB_ASSIGN_OR_RETURN(text, TemplatedPrompt(templated, url));
  }
  const std::string url = base_url + "/tokenize";
  SB_ASSIGN_OR_RETURN(const HttpResponse response,
                      client.Post(url, BuildContentTokenizeRequest(text), 60));
  return TokenCountFromTokensArray(response, url);
}

Result<int64_t> CountWithProbe(HttpClient& client, const std::string& url,
                               const std::string& model, Endpoint endpoint,
                               const RequestOptions& options,
                               const std::string& prompt) {
  RequestOptions probe = options;
  probe.continuous_usage = false;
  auto outcome = client.Stream(
      url, BuildStreamingRequest(endpoint, model, prompt, 1, probe), endpoint);
  if (!outcome.ok()) return outcome;
  if (!outcome->trace.prompt_tokens) {
    return Error{"the probe request's usage had no prompt_tokens"};
  }
  if (auto lie = ImpossibleUsage(outcome->trace, 1)) {
    return Error{"the probe request's " + *lie};
  }
  return *outcome->trace.prompt_tokens;
}

Result<int64_t> BoundedCount(int64_t n, const std::string& url) {
  if (n < 0 || n > kMaxServerTokens) {
    return Error{url + " answered a count of " + std::to_string(n) +
                 ", outside 0 to " + std::to_string(kMaxServerTokens) +
                 ": that is no token count; check the server's /tokenize"};
  }
  return n;
}

}  // namespace

Result<int64_t> TokenCountFromTokensArray(const HttpResponse& response,
                                          const std::string& url) {
  rapidjson::Document doc;
  SB_ASSIGN_OR_RETURN(
      const rapidjson::Value* tokens,
      RequiredMember(response, url, doc, "tokens", &rapidjson::Value::IsArray,
                     "a \"tokens\" array"));
  return BoundedCount(static_cast<int64_t>(tokens->Size()), url);
}

Result<std::string> TemplatedPrompt(const HttpResponse& response,
                                    const std::string& url) {
  rapidjson::Document doc;
  SB_ASSIGN_OR_RETURN(
      const rapidjson::Value* prompt,
      RequiredMember(response, url, doc, "prompt", &rapidjson::Value::IsString,
                     "a string \"prompt\""));
  return std::string(prompt->GetString(), prompt->GetStringLength());
}

Result<int64_t> TokenCountFromTokenize(const HttpResponse& response,
                                       const std::string& url) {
  rapidjson::Document doc;
  SB_ASSIGN_OR_RETURN(
      const rapidjson::Value* count,
      RequiredMember(response, url, doc, "count", &rapidjson::Value::IsInt64,
                     "a \"count\""));
  return BoundedCount(count->GetInt64(), url);
}

CountingMethod ChooseTokenCounter(HttpClient& client,
                                  const std::string& base_url,
                                  const std::string& model, Endpoint endpoint,
                                  const RequestOptions& probe_options) {
  const std::string tokenize_url = base_url + "/tokenize";
  auto trial = CountWithTokenize(
      client, tokenize_url, BuildTokenizeRequest(endpoint, model, "hello"));
  if (trial.ok()) {
    return CountingMethod{
        [&client, tokenize_url, model, endpoint](const std::string& prompt) {
          return CountWithTokenize(
              client, tokenize_url,
              BuildTokenizeRequest(endpoint, model, prompt));
        },
        "/tokenize", true, ""};
  }
  const std::string url = base_url + EndpointPath(endpoint);
  CountingMethod probes{[&client, url, model, endpoint,
                         probe_options](const std::string& prompt) {
                          return CountWithProbe(client, url, model, endpoint,
                                                probe_options, prompt);
                        },
                        "probe requests", false, ""};

  // llama.cpp: counted only if one probe shows it counts what the server
  // counts for a request (the same template, BOS and special tokens).
  constexpr char kTrialPrompt[] = "hello there, how are you today?";
  auto llama =
      CountWithLlamaCpp(client, base_url, model, endpoint, kTrialPrompt);
  if (!llama.ok() || *llama == 0) return probes;
  auto probed =
      CountWithProbe(client, url, model, endpoint, probe_options, kTrialPrompt);
  const std::string name = endpoint == Endpoint::kChatCompletions
                               ? "/apply-template + /tokenize"
                               : "/tokenize content";
  if (!probed.ok() || *probed != *llama) {
    probes.note =
        "the server's " + name + " counted " + std::to_string(*llama) +
        " tokens for a prompt " +
        (probed.ok()
             ? "a request counted as " + std::to_string(*probed)
             : "a probe request could not count (" + probed.error() + ")") +
        ": calibrating with probe requests instead";
    return probes;
  }
  return CountingMethod{
      [&client, base_url, model, endpoint](const std::string& prompt) {
        return CountWithLlamaCpp(client, base_url, model, endpoint, prompt);
      },
      name, true, ""};
}

}  // namespace servebench
