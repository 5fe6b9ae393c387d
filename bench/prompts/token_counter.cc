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

}  // namespace

Result<int64_t> TokenCountFromTokenize(const HttpResponse& response,
                                       const std::string& url) {
  if (response.status != 200) {
    return Error{"HTTP " + std::to_string(response.status) + " from " + url +
                 ": " + QuoteBody(response.body)};
  }
  rapidjson::Document doc;
  if (const JsonParse parsed = ParseJson(response.body, doc); !parsed.ok) {
    return Error{url + " did not answer with valid JSON (" + parsed.error +
                 "): " + QuoteBody(response.body)};
  }
  if (!doc.IsObject()) {
    return Error{url + " did not answer with a JSON object: " +
                 QuoteBody(response.body)};
  }
  auto count = doc.FindMember("count");
  if (count == doc.MemberEnd() || !count->value.IsInt64()) {
    return Error{url +
                 " answered without a \"count\": " + QuoteBody(response.body)};
  }
  const int64_t n = count->value.GetInt64();
  if (n < 0 || n > kMaxServerTokens) {
    return Error{url + " answered a count of " + std::to_string(n) +
                 ", outside 0 to " + std::to_string(kMaxServerTokens) +
                 ": that is no token count; check the server's /tokenize"};
  }
  return n;
}

CountingMethod ChooseTokenCounter(HttpClient& client,
                                  const std::string& base_url,
                                  const std::string& model, Endpoint endpoint) {
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
        "/tokenize", true};
  }
  const std::string url = base_url + EndpointPath(endpoint);
  return CountingMethod{
      [&client, url, model,
       endpoint](const std::string& prompt) -> Result<int64_t> {
        auto outcome = client.Stream(
            url, BuildStreamingRequest(endpoint, model, prompt, 1), endpoint);
        if (!outcome.ok()) return outcome;
        if (!outcome->trace.prompt_tokens) {
          return Error{"the probe request's usage had no prompt_tokens"};
        }
        if (auto lie = ImpossibleUsage(outcome->trace, 1)) {
          return Error{"the probe request's " + *lie};
        }
        return *outcome->trace.prompt_tokens;
      },
      "probe requests", false};
}

}  // namespace servebench
