// JSON helpers for the simulator's tests: parse a body and look into it
// without RapidJSON's asserting operator[], and a matcher for the values
// at several JSON pointers of a body at once.
#ifndef SERVEBENCH_TOOLS_SIM_TEST_JSON_H_
#define SERVEBENCH_TOOLS_SIM_TEST_JSON_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "rapidjson/document.h"
#include "rapidjson/pointer.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace servebench::sim::testing {

// Parses `text`; on failure the document has HasParseError() set.
inline rapidjson::Document ParseJson(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  return doc;
}

// The value at a JSON pointer ("/choices/0/delta/content"), or nullptr.
inline const rapidjson::Value* At(const rapidjson::Value& root,
                                  const char* pointer) {
  return rapidjson::Pointer(pointer).Get(root);
}

// A printable rendering of the value at `pointer`, "<missing>" when absent:
// tests compare against it so a mismatch prints what was there.
inline std::string Show(const rapidjson::Value& root, const char* pointer) {
  const rapidjson::Value* v = At(root, pointer);
  if (v == nullptr) return "<missing>";
  if (v->IsString()) return v->GetString();
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v->Accept(writer);
  return buffer.GetString();
}

// (JSON pointer, expected Show text) pairs.
using ShownValues = std::vector<std::pair<std::string, std::string>>;

// Matches JSON text that parses and whose value at each pointer of
// `expected` Shows as the text beside it; explains every one that does not.
MATCHER_P(JsonShowsImpl, expected,
          "is JSON with " + ::testing::PrintToString(expected)) {
  const rapidjson::Document doc = ParseJson(arg);
  if (doc.HasParseError()) {
    *result_listener << "does not parse";
    return false;
  }
  bool all = true;
  for (const auto& [pointer, text] : expected) {
    const std::string shown = Show(doc, pointer.c_str());
    if (shown != text) {
      *result_listener << "\n  " << pointer << " is " << shown << ", not "
                       << text;
      all = false;
    }
  }
  return all;
}

// EXPECT_THAT(body, JsonShows({{"/object", "list"}, {"/data/1",
// "<missing>"}})).
inline auto JsonShows(ShownValues expected) {
  return JsonShowsImpl(std::move(expected));
}

}  // namespace servebench::sim::testing

#endif  // SERVEBENCH_TOOLS_SIM_TEST_JSON_H_
