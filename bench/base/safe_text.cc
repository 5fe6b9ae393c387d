// UTF-8 validation (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
#include "bench/base/safe_text.h"

#include <re2/re2.h>

#include <cstdio>

namespace servebench {
namespace {

// Byte by byte, as the text may hold any bytes (a server's log line).
re2::RE2::Options Latin1() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  return options;
}

// Length of the valid UTF-8 sequence starting at text[i], or 0.
size_t ValidSequence(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the 2nd byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;   // no overlongs
    if (b0 == 0xED) high = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;  // <= U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = ValidSequence(text, i);
    if (length == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x",
                    static_cast<unsigned char>(text[i]));
      out += hex;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string RedactSecrets(std::string_view text,
                          const std::vector<std::string>& known_secrets) {
  std::string out(text);
  for (const auto& secret : known_secrets) {
    if (secret.size() < 4) continue;  // too short to tell from other text
    for (size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at)) {
      out.replace(at, secret.size(), "[redacted]");
    }
  }
  // key, optional quote, ':' or '=' or a space, optional '[' and quote, value.
  // RE2 (linear time, no recursion): a server's log line can be any length.
  static const re2::RE2 kSecretValue(
      R"((?i)((?:api[_-]?key|token|secret|password)['"]?\s*[:= ]\s*\[?\s*['"]?)([^'"\],}\s]+))",
      Latin1());
  re2::RE2::GlobalReplace(&out, kSecretValue, "\\1[redacted]");
  return out;
}

std::string QuoteBody(std::string_view body, size_t max_bytes) {
  std::string out;
  const size_t n = std::min(body.size(), max_bytes);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(body[i]);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (body.size() > max_bytes)
    out += "... (" + std::to_string(body.size()) + " bytes)";
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace servebench
