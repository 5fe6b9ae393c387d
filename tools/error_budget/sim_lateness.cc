// One libcurl request per call, parsed with RapidJSON.
#include "tools/error_budget/sim_lateness.h"

#include <curl/curl.h>

#include "rapidjson/document.h"

namespace servebench {
namespace {

// Answers are a few hundred bytes; anything longer is not the simulator's.
constexpr size_t kMaxAnswerBytes = 64 * 1024;

size_t Append(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * count > kMaxAnswerBytes) return 0;
  out->append(data, size * count);
  return size * count;
}

std::optional<std::string> Fetch(const std::string& url, bool post) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return std::nullopt;
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (post) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
  long status = 0;
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK || status != 200) return std::nullopt;
  return body;
}

double Number(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsNumber()
             ? it->value.GetDouble()
             : 0;
}

}  // namespace

bool ResetSimLateness(const std::string& base_url) {
  return Fetch(base_url + "/sim/lateness/reset", true).has_value();
}

std::optional<SimLateness> ReadSimLateness(const std::string& base_url) {
  std::optional<std::string> body = Fetch(base_url + "/sim/lateness", false);
  if (!body) return std::nullopt;
  rapidjson::Document doc;
  doc.Parse(body->data(), body->size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  auto chunks = doc.FindMember("chunks");
  auto first = doc.FindMember("first_tokens");
  if (chunks == doc.MemberEnd() || !chunks->value.IsObject() ||
      first == doc.MemberEnd() || !first->value.IsObject()) {
    return std::nullopt;
  }
  SimLateness s;
  s.chunks = static_cast<long long>(Number(chunks->value, "count"));
  s.chunk_p50_ms = Number(chunks->value, "p50_ms");
  s.chunk_p99_ms = Number(chunks->value, "p99_ms");
  s.chunk_max_ms = Number(chunks->value, "max_ms");
  s.first_token_mean_ms = Number(first->value, "mean_ms");
  s.first_token_p99_ms = Number(first->value, "p99_ms");
  return s;
}

}  // namespace servebench
