// Parsing and formatting BENCH_LABELS.
#include "bench/history/labels.h"

#include <cctype>

#include "bench/history/validate.h"

namespace servebench::history {
namespace {

constexpr size_t kMaxLabelValue = 128;
constexpr size_t kMaxLabelCount = 32;
constexpr size_t kMaxLabelsText = 8192;

std::string_view Trim(std::string_view text) {
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool ValueChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
         c == ':' || c == '/' || c == '+' || c == '@' || c == '-';
}

Error Bad(std::string_view item, const std::string& why) {
  return Error{"BENCH_LABELS item \"" + SafeText(item, 80) + "\" " + why +
               "; write key=value pairs separated by commas, e.g. "
               "kernel=marlin,mtp=2"};
}

}  // namespace

Result<Labels> ParseLabels(std::string_view text) {
  Labels labels;
  if (text.size() > kMaxLabelsText) {
    return Error{"BENCH_LABELS is " + std::to_string(text.size()) +
                 " bytes long; at most " + std::to_string(kMaxLabelsText) +
                 " are read"};
  }
  if (Trim(text).empty()) return labels;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = Trim(text.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) return Bad(item, "is empty (two commas in a row?)");
    const size_t equals = item.find('=');
    if (equals == std::string_view::npos) return Bad(item, "has no '='");
    const std::string key(Trim(item.substr(0, equals)));
    const std::string_view value = Trim(item.substr(equals + 1));
    if (Status s = CheckKey(key, "label key"); !s.ok()) {
      return Bad(item, "has a bad key: " + s.error());
    }
    if (value.size() > kMaxLabelValue) {
      return Bad(item, "has a value longer than " +
                           std::to_string(kMaxLabelValue) + " characters");
    }
    for (char c : value) {
      if (!ValueChar(c)) {
        return Bad(item,
                   "has a value with a character other than letters, digits "
                   "and _ . : / + @ -");
      }
    }
    if (labels.count(key) > 0) return Bad(item, "repeats the key " + key);
    if (labels.size() == kMaxLabelCount) {
      return Error{"BENCH_LABELS has more than " +
                   std::to_string(kMaxLabelCount) + " labels"};
    }
    labels.emplace(key, std::string(value));
  }
  return labels;
}

std::string FormatLabels(const Labels& labels) {
  std::string text;
  for (const auto& [key, value] : labels) {
    text += (text.empty() ? "" : ",") + key + "=" + value;
  }
  return text;
}

}  // namespace servebench::history
