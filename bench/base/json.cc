// RapidJSON's iterative reader behind a handler that counts nesting.
#include "bench/base/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

namespace servebench {
namespace {

// Forwards SAX events to the document and refuses to go deeper than the
// limit (the reader then stops with kParseErrorTermination).
class DepthLimiter {
 public:
  DepthLimiter(rapidjson::Document& doc, int max_depth)
      : doc_(doc), max_depth_(max_depth) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return doc_.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    return doc_.String(s, n, copy);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    return doc_.Key(s, n, copy);
  }
  bool StartObject() { return Enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) {
    --depth_;
    return doc_.EndObject(members);
  }
  bool StartArray() { return Enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return doc_.EndArray(elements);
  }

  bool too_deep() const { return too_deep_; }

 private:
  bool Enter() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  rapidjson::Document& doc_;
  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
};

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

JsonParse ParseJson(std::string_view text, rapidjson::Document& doc, bool whole,
                    int max_depth) {
  JsonParse result;
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  DepthLimiter limiter(doc, max_depth);
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag;
  auto generate = [&](rapidjson::Document&) {
    return !reader.Parse<kFlags>(stream, limiter).IsError();
  };
  doc.Populate(generate);
  if (reader.HasParseError()) {
    result.error_offset = reader.GetErrorOffset();
    result.too_deep = limiter.too_deep();
    result.error =
        "byte " + std::to_string(result.error_offset) + ": " +
        (result.too_deep
             ? "nested deeper than " + std::to_string(max_depth) + " levels"
             : std::string(
                   rapidjson::GetParseError_En(reader.GetParseErrorCode())));
    if (!result.error.empty() && result.error.back() == '.') {
      result.error.pop_back();
    }
    doc.SetNull();
    return result;
  }
  result.consumed = stream.Tell();
  if (whole) {
    for (size_t i = result.consumed; i < text.size(); ++i) {
      if (!IsJsonSpace(text[i])) {
        result.error_offset = i;
        result.error = "byte " + std::to_string(i) +
                       ": The document root must not be followed by other "
                       "values";
        doc.SetNull();
        return result;
      }
    }
  }
  result.ok = true;
  return result;
}

}  // namespace servebench
