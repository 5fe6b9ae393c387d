// JSON helpers for the simulator's tests: parse a body and look into it
// without RapidJSON's asserting operator[].
#ifndef SERVEBENCH_TOOLS_SIM_TEST_JSON_H_
#define SERVEBENCH_TOOLS_SIM_TEST_JSON_H_

#include <string>
#include <string_view>

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

}  // namespace servebench::sim::testing

#endif  // SERVEBENCH_TOOLS_SIM_TEST_JSON_H_
