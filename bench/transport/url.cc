// URL validation and redaction through libcurl's CURLU parser.
#include "bench/transport/url.h"

#include <curl/curl.h>

#include <memory>
#include <string_view>

namespace servebench {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlStringDeleter {
  void operator()(char* s) const { curl_free(s); }
};
using ParsedUrl = std::unique_ptr<CURLU, UrlDeleter>;

ParsedUrl Parse(const std::string& raw) {
  ParsedUrl url(curl_url());
  if (curl_url_set(url.get(), CURLUPART_URL, raw.c_str(), 0) != CURLUE_OK)
    return nullptr;
  return url;
}

std::string Part(CURLU* url, CURLUPart part) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, 0) != CURLUE_OK) return "";
  std::unique_ptr<char, CurlStringDeleter> owned(raw);
  return owned ? std::string(owned.get()) : "";
}

}  // namespace

Result<std::string> NormalizeBaseUrl(const std::string& raw) {
  ParsedUrl url = Parse(raw);
  if (!url) return Error{"a URL such as http://gpu-box:8000"};
  const std::string scheme = Part(url.get(), CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https")
    return Error{"an http:// or https:// URL"};
  std::string normalized = raw;
  while (!normalized.empty() && normalized.back() == '/') normalized.pop_back();
  if (normalized.size() >= 3 &&
      normalized.compare(normalized.size() - 3, 3, "/v1") == 0) {
    normalized.resize(normalized.size() - 3);
  }
  return normalized;
}

std::string RedactUrl(const std::string& raw) {
  ParsedUrl url = Parse(raw);
  if (!url) {
    // Not a URL libcurl understands: drop anything that could be userinfo.
    const auto at = raw.rfind('@');
    if (at == std::string::npos) return raw;
    const auto scheme_end = raw.find("://");
    return (scheme_end == std::string::npos ? ""
                                            : raw.substr(0, scheme_end + 3)) +
           raw.substr(at + 1);
  }
  curl_url_set(url.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(url.get(), CURLUPART_PASSWORD, nullptr, 0);
  std::string redacted = Part(url.get(), CURLUPART_URL);
  // libcurl adds "/" to a bare host; keep the user's form.
  if (!raw.empty() && raw.back() != '/' && !redacted.empty() &&
      redacted.back() == '/') {
    redacted.pop_back();
  }
  return redacted;
}

}  // namespace servebench
