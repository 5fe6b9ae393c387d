// Text from servers made safe for JUnit XML, JSON and terminals.
//
// A server can send any bytes. Quoted raw into a failure message, invalid
// UTF-8 makes test.xml and the results JSON unreadable to strict parsers, and
// every case's figures would be lost with them, so messages pass through here.
#ifndef SERVEBENCH_BENCH_BASE_SAFE_TEXT_H_
#define SERVEBENCH_BENCH_BASE_SAFE_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace servebench {

// Valid UTF-8 sequences are kept; every byte that is not part of one is
// written as \xNN.
std::string ValidUtf8(std::string_view text);

// The start of an untrusted body made safe to quote in one line: cut to
// `max_bytes`, line breaks as spaces, control and non-ASCII bytes as \xNN.
std::string QuoteBody(std::string_view body, size_t max_bytes = 300);

// `text` (e.g. a server log line recorded as a fact's source) with every
// occurrence of a known secret, and any value given to a key named like
// api_key, api-key, token, secret or password, replaced by "[redacted]".
// vLLM started with --api-key logs the key in its "non-default args" line.
std::string RedactSecrets(std::string_view text,
                          const std::vector<std::string>& known_secrets);

// `text` as XML character data or a quoted attribute value (SVG charts):
// &, <, > and " as entities, everything else as it is.
std::string XmlEscape(std::string_view text);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_SAFE_TEXT_H_
