// Server URLs: validation and credential redaction, with libcurl's URL API.
#ifndef SERVEBENCH_BENCH_URL_H_
#define SERVEBENCH_BENCH_URL_H_

#include <string>

#include "bench/base/result.h"

namespace servebench {

// An http:// or https:// base URL without trailing "/" or "/v1" (users paste
// the OpenAI base URL; endpoints add /v1 themselves). The error says what was
// expected, without echoing the value.
Result<std::string> NormalizeBaseUrl(const std::string& raw);

// The URL with any user name and password removed: the only form of a URL
// that may be printed or recorded.
std::string RedactUrl(const std::string& url);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_URL_H_
