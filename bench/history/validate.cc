// Checking and bounding what goes into the history.
#include "bench/history/validate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

namespace servebench::history {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
constexpr char kEllipsis[] = "\xE2\x80\xA6";     // U+2026

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid.
size_t Utf8Length(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  size_t extra = 0;
  uint32_t code = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    extra = 1, code = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2, code = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3, code = c & 0x07;
  } else {
    return 0;
  }
  if (i + extra >= text.size()) return 0;  // truncated sequence
  for (size_t k = 1; k <= extra; ++k) {
    const auto d = static_cast<unsigned char>(text[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    code = (code << 6) | (d & 0x3F);
  }
  if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
      (extra == 3 && code < 0x10000) || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return extra + 1;
}

Status CheckFinite(double value, const std::string& what) {
  if (!std::isfinite(value)) {
    return Error{what +
                 " is not a finite number; the history keeps only "
                 "measured figures"};
  }
  return Ok{};
}

}  // namespace

std::string SafeText(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  bool cut = false;
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8Length(text, i);
    std::string piece;
    if (length == 0) {
      piece = kReplacement;
      i += 1;
    } else {
      piece.assign(text.substr(i, length));
      i += length;
      if (length == 1 && piece[0] != '\t' && piece[0] != '\n' &&
          (static_cast<unsigned char>(piece[0]) < 0x20 || piece[0] == 0x7F)) {
        piece = " ";
      }
    }
    if (out.size() + piece.size() > max_bytes) {
      cut = true;
      break;
    }
    out += piece;
  }
  if (cut) {
    // Make room for the ellipsis on a character boundary.
    while (!out.empty() && out.size() + sizeof(kEllipsis) - 1 > max_bytes) {
      size_t last = out.size() - 1;
      while (last > 0 && (static_cast<unsigned char>(out[last]) & 0xC0) == 0x80)
        --last;
      out.resize(last);
    }
    out += kEllipsis;
  }
  return out;
}

Status CheckKey(const std::string& key, const std::string& what) {
  if (key.empty() || key.size() > kMaxKey) {
    return Error{what + " \"" + SafeText(key, 80) + "\" must be 1 to " +
                 std::to_string(kMaxKey) + " characters long"};
  }
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' &&
        c != '-') {
      return Error{what + " \"" + SafeText(key, 80) +
                   "\" may hold only letters, digits, '_', '.' and '-'"};
    }
  }
  return Ok{};
}

// "<owner> has N <what>; at most M are kept" when there are too many.
Status CheckAtMost(const std::string& owner, size_t count, size_t max,
                   const std::string& what) {
  if (count <= max) return Ok{};
  return Error{owner + " has " + std::to_string(count) + " " + what +
               "; at most " + std::to_string(max) + " are kept"};
}

bool IsTimestamp(const std::string& text) {
  // YYYY-MM-DD first: text order is then time order.
  if (text.size() < 10 || text.size() > 40) return false;
  for (size_t i = 0; i < 10; ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i]));
    if ((i == 4 || i == 7) ? text[i] != '-' : !digit) return false;
  }
  if (text.size() == 10) return true;
  if (text[10] != 'T' && text[10] != ' ') return false;
  for (size_t i = 11; i < text.size(); ++i) {
    const char c = text[i];
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.' &&
        c != '+' && c != '-' && c != 'Z') {
      return false;
    }
  }
  return true;
}

Result<HistoryRun> ValidatedRun(const HistoryRun& run) {
  HistoryRun out;
  out.suite = SafeText(run.suite, kMaxShortText);
  out.model = SafeText(run.model, kMaxShortText);
  out.engine = SafeText(run.engine, kMaxShortText);
  out.engine_version = SafeText(run.engine_version, kMaxShortText);
  out.host = SafeText(run.host, kMaxShortText);
  out.commit = SafeText(run.commit, kMaxShortText);
  out.source = SafeText(run.source, kMaxLongText);
  if (!run.started_at.empty() && !IsTimestamp(run.started_at)) {
    return Error{"the run's start time \"" + SafeText(run.started_at, 80) +
                 "\" is not an ISO 8601 time like 2026-02-22T10:32:42"};
  }
  out.started_at = run.started_at;
  if (run.max_model_len && *run.max_model_len <= 0) {
    return Error{"the run's max_model_len " +
                 std::to_string(*run.max_model_len) + " is not positive"};
  }
  out.max_model_len = run.max_model_len;
  if (run.gpu_memory_utilization) {
    SB_RETURN_IF_ERROR(CheckFinite(*run.gpu_memory_utilization,
                                   "the run's gpu_memory_utilization"));
  }
  out.gpu_memory_utilization = run.gpu_memory_utilization;
  SB_RETURN_IF_ERROR(
      CheckAtMost("the run", run.labels.size(), kMaxLabels, "labels"));
  for (const auto& [key, value] : run.labels) {
    SB_RETURN_IF_ERROR(CheckKey(key, "label key"));
    out.labels[key] = SafeText(value, kMaxShortText);
  }
  SB_RETURN_IF_ERROR(CheckAtMost("the run", run.context.size(),
                                 kMaxContextEntries, "context entries"));
  for (const auto& [key, value] : run.context) {
    SB_RETURN_IF_ERROR(CheckKey(key, "context key"));
    out.context[key] = SafeText(value, kMaxLongText);
  }
  SB_RETURN_IF_ERROR(CheckAtMost("the run", run.server.size(),
                                 kMaxServerFigures, "server figures"));
  for (const auto& [key, value] : run.server) {
    SB_RETURN_IF_ERROR(CheckKey(key, "server figure name"));
    SB_RETURN_IF_ERROR(CheckFinite(value, "server figure " + key));
    out.server[key] = value;
  }
  return out;
}

Result<HistoryCase> ValidatedCase(const HistoryCase& c) {
  HistoryCase out;
  SB_RETURN_IF_ERROR(CheckKey(c.name, "case name"));
  out.name = c.name;
  const std::string where = "case " + c.name + ": ";
  if (c.isl < 0 || c.osl < 0) {
    return Error{where + "ISL and OSL must not be negative"};
  }
  out.isl = c.isl;
  out.osl = c.osl;
  if (!std::isfinite(c.level) || c.level < 0) {
    return Error{where +
                 "the level (concurrency or rate) must be a finite "
                 "number, 0 or more"};
  }
  out.level = c.level;
  if (c.status != "passed" && c.status != "failed" && c.status != "skipped") {
    return Error{where + "status \"" + SafeText(c.status, 40) +
                 "\" is not passed, failed or skipped"};
  }
  out.status = c.status;
  out.verdict = SafeText(c.verdict, kMaxShortText);
  out.message = SafeText(c.message, kMaxLongText);
  if (c.means.size() > kMaxMetricsPerCase ||
      c.samples.size() > kMaxMetricsPerCase) {
    return Error{where + "more than " + std::to_string(kMaxMetricsPerCase) +
                 " metrics"};
  }
  for (const auto& [metric, mean] : c.means) {
    SB_RETURN_IF_ERROR(CheckKey(metric, where + "metric name"));
    SB_RETURN_IF_ERROR(CheckFinite(mean, where + metric + " mean"));
    out.means[metric] = mean;
  }
  for (const auto& [metric, values] : c.samples) {
    SB_RETURN_IF_ERROR(CheckKey(metric, where + "metric name"));
    SB_RETURN_IF_ERROR(CheckAtMost(where + metric, values.size(),
                                   kMaxSamplesPerMetric, "samples"));
    for (double v : values) {
      SB_RETURN_IF_ERROR(CheckFinite(v, where + "a " + metric + " sample"));
    }
    if (!values.empty()) out.samples[metric] = values;
  }
  return out;
}

}  // namespace servebench::history
