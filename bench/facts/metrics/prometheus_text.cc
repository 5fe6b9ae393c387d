// Line-by-line parser for the Prometheus text format, following the grammar
// of prometheus/common's expfmt text parser.
#include "bench/facts/metrics/prometheus_text.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace servebench {
namespace {

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c));
}
bool IsLabelStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsLabelChar(char c) {
  return IsLabelStart(c) || std::isdigit(static_cast<unsigned char>(c));
}

// A one-line preview of where parsing stopped, for messages.
std::string Preview(std::string_view rest) {
  std::string text = "\"";
  for (char c : rest.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02X", u);
      text += hex;
    } else {
      text += c;
    }
  }
  text += rest.size() > 40 ? "...\"" : "\"";
  return text;
}

// Cursor over one line; every Parse* returns an error message or "".
class LineParser {
 public:
  explicit LineParser(std::string_view line) : rest_(line) {}

  void SkipBlanks() {
    while (!rest_.empty() && (rest_[0] == ' ' || rest_[0] == '\t'))
      rest_.remove_prefix(1);
  }
  bool AtEnd() const { return rest_.empty(); }
  std::string_view rest() const { return rest_; }

  std::string_view Take(bool (*first)(char), bool (*next)(char)) {
    if (rest_.empty() || !first(rest_[0])) return {};
    size_t n = 1;
    while (n < rest_.size() && next(rest_[n])) ++n;
    std::string_view word = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return word;
  }
  // A run of non-blank characters.
  std::string_view TakeToken() {
    size_t n = 0;
    while (n < rest_.size() && rest_[n] != ' ' && rest_[n] != '\t') ++n;
    std::string_view token = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return token;
  }
  bool Consume(char c) {
    if (rest_.empty() || rest_[0] != c) return false;
    rest_.remove_prefix(1);
    return true;
  }

  std::string ParseLabels(std::map<std::string, std::string>& labels) {
    while (true) {
      SkipBlanks();
      if (Consume('}')) return "";
      std::string_view name = Take(IsLabelStart, IsLabelChar);
      if (name.empty()) {
        return "expected a label name or '}', got " + Preview(rest_);
      }
      SkipBlanks();
      if (!Consume('=')) {
        return "expected '=' after label " + std::string(name) + ", got " +
               Preview(rest_);
      }
      SkipBlanks();
      if (!Consume('"')) {
        return "expected '\"' to open the value of label " + std::string(name) +
               ", got " + Preview(rest_);
      }
      std::string value;
      bool closed = false;
      while (!rest_.empty()) {
        const char c = rest_[0];
        rest_.remove_prefix(1);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c != '\\') {
          value += c;
          continue;
        }
        if (rest_.empty()) break;
        const char e = rest_[0];
        rest_.remove_prefix(1);
        if (e == '\\' || e == '"') {
          value += e;
        } else if (e == 'n') {
          value += '\n';
        } else {
          return "invalid escape \\" + std::string(1, e) +
                 " in the value of label " + std::string(name);
        }
      }
      if (!closed) {
        return "the value of label " + std::string(name) + " is not closed";
      }
      if (!labels.emplace(std::string(name), std::move(value)).second) {
        return "label " + std::string(name) + " appears twice";
      }
      SkipBlanks();
      if (Consume(',')) continue;
      if (Consume('}')) return "";
      return "expected ',' or '}' after label " + std::string(name) + ", got " +
             Preview(rest_);
    }
  }

 private:
  std::string_view rest_;
};

std::optional<int64_t> ParseTimestamp(std::string_view token) {
  int64_t ms = 0;
  const char* begin = token.data();
  if (!token.empty() && token[0] == '+') ++begin;
  const char* end = token.data() + token.size();
  auto [ptr, ec] = std::from_chars(begin, end, ms);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return ms;
}

std::string UnescapeHelp(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() &&
        (text[i + 1] == '\\' || text[i + 1] == 'n')) {
      out += text[i + 1] == 'n' ? '\n' : '\\';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "" when the line was used (or is a comment), else what is wrong with it.
std::string ParseLine(std::string_view line, PromText& out) {
  LineParser p(line);
  p.SkipBlanks();
  if (p.AtEnd()) return "";
  if (p.Consume('#')) {
    p.SkipBlanks();
    std::string_view keyword = p.TakeToken();
    if (keyword != "HELP" && keyword != "TYPE") return "";  // a comment
    p.SkipBlanks();
    std::string_view name = p.Take(IsNameStart, IsNameChar);
    if (name.empty() ||
        !(p.AtEnd() || p.rest()[0] == ' ' || p.rest()[0] == '\t')) {
      return "expected a metric name after # " + std::string(keyword) +
             ", got " + Preview(p.rest());
    }
    p.SkipBlanks();
    if (keyword == "HELP") {
      out.help[std::string(name)] = UnescapeHelp(p.rest());
      return "";
    }
    std::string_view type = p.TakeToken();
    p.SkipBlanks();
    if ((type != "counter" && type != "gauge" && type != "histogram" &&
         type != "summary" && type != "untyped") ||
        !p.AtEnd()) {
      return "unknown metric type " + Preview(type) + " for " +
             std::string(name);
    }
    out.types[std::string(name)] = std::string(type);
    return "";
  }

  PromSample sample;
  sample.name = std::string(p.Take(IsNameStart, IsNameChar));
  if (sample.name.empty()) {
    return "expected a metric name, got " + Preview(p.rest());
  }
  p.SkipBlanks();
  if (p.Consume('{')) {
    if (std::string error = p.ParseLabels(sample.labels); !error.empty()) {
      return error;
    }
  }
  p.SkipBlanks();
  std::string_view value_token = p.TakeToken();
  std::optional<double> value = ParsePrometheusValue(value_token);
  if (!value) {
    return "expected a value for " + sample.name + ", got " +
           Preview(value_token.empty() ? p.rest() : value_token);
  }
  sample.value = *value;
  p.SkipBlanks();
  if (!p.AtEnd()) {
    std::string_view ts_token = p.TakeToken();
    std::optional<int64_t> ts = ParseTimestamp(ts_token);
    p.SkipBlanks();
    if (!ts || !p.AtEnd()) {
      return "expected an integer timestamp (ms) or the end of the line "
             "after the value of " +
             sample.name + ", got " + Preview(ts_token);
    }
    sample.timestamp_ms = ts;
  }
  out.samples.push_back(std::move(sample));
  return "";
}

}  // namespace

namespace {

bool EqualsIgnoringCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

// Go's strconv.ParseFloat as Prometheus uses it: decimal or exponent
// notation, an optional sign, NaN and Inf/Infinity in any case. Nothing is
// allocated: the scan calls this for every sample it reads.
std::optional<double> ParsePrometheusValue(std::string_view token) {
  if (token.empty()) return std::nullopt;
  bool negative = false;
  if (token[0] == '+' || token[0] == '-') {
    negative = token[0] == '-';
    token.remove_prefix(1);
  }
  if (token.empty() || token[0] == '+' || token[0] == '-') return std::nullopt;
  double value = 0;
  if (EqualsIgnoringCase(token, "nan")) {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (EqualsIgnoringCase(token, "inf") ||
             EqualsIgnoringCase(token, "infinity")) {
    value = std::numeric_limits<double>::infinity();
  } else {
    const char* end = token.data() + token.size();
    auto [ptr, ec] =
        std::from_chars(token.data(), end, value, std::chars_format::general);
    // Out of range: Go rounds to +-Inf or 0 and so do we.
    if (ec == std::errc::result_out_of_range && ptr == end) {
      const bool tiny = token.find("e-") != std::string_view::npos ||
                        token.find("E-") != std::string_view::npos;
      value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (ec != std::errc() || ptr != end) {
      return std::nullopt;
    }
    // from_chars reads "inf"/"nan" prefixes such as "infx" only partially,
    // caught by ptr != end above.
  }
  return negative ? -value : value;
}

Result<PromText> ParsePrometheusText(std::string_view text,
                                     const PromParseOptions& options) {
  if (text.size() > options.max_bytes) {
    return Error{"the metrics text is " + std::to_string(text.size()) +
                 " bytes, over the " + std::to_string(options.max_bytes) +
                 "-byte limit; is this a Prometheus /metrics endpoint?"};
  }
  PromText out;
  size_t skipped = 0;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string error = ParseLine(line, out);
    if (error.empty()) continue;
    const std::string message =
        "line " + std::to_string(line_number) + ": " + error;
    if (!options.lenient) return Error{message};
    if (++skipped <= options.max_warnings) {
      out.warnings.push_back(message + " (line skipped)");
    }
  }
  if (skipped > options.max_warnings) {
    out.warnings.push_back(std::to_string(skipped - options.max_warnings) +
                           " more malformed lines skipped");
  }
  return out;
}

std::vector<const PromSample*> FindSamples(
    const std::vector<PromSample>& samples, std::string_view name) {
  std::vector<const PromSample*> found;
  for (const auto& sample : samples) {
    if (sample.name == name) found.push_back(&sample);
  }
  return found;
}

}  // namespace servebench
