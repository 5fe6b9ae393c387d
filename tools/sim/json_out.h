// The simulator's JSON writing vocabulary: every response body and stream
// event is written with RapidJSON's compact Writer through these few
// helpers, so a renderer reads as the key order of the engine it copies.
#ifndef SERVEBENCH_TOOLS_SIM_JSON_OUT_H_
#define SERVEBENCH_TOOLS_SIM_JSON_OUT_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace servebench::sim {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

inline void KeyStr(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  Str(w, value);
}

inline void KeyInt(JsonWriter& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}

inline void KeyBool(JsonWriter& w, const char* key, bool value) {
  w.Key(key);
  w.Bool(value);
}

inline void KeyDouble(JsonWriter& w, const char* key, double value) {
  w.Key(key);
  w.Double(value);
}

// An array of strings ({} for an empty one).
inline void KeyStrings(JsonWriter& w, const char* key,
                       std::initializer_list<std::string_view> values) {
  w.Key(key);
  w.StartArray();
  for (std::string_view value : values) Str(w, value);
  w.EndArray();
}

inline void KeyNull(JsonWriter& w, const char* key) {
  w.Key(key);
  w.Null();
}

// "key": {the members `write(JsonWriter&)` writes}.
template <typename Write>
void KeyObject(JsonWriter& w, const char* key, Write&& write) {
  w.Key(key);
  w.StartObject();
  write(w);
  w.EndObject();
}

// The JSON text that `write(JsonWriter&)` writes (one complete value).
template <typename Write>
std::string JsonText(Write&& write) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  write(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// A JSON object whose members `write(JsonWriter&)` writes.
template <typename Write>
std::string JsonObject(Write&& write) {
  return JsonText([&](JsonWriter& w) {
    w.StartObject();
    write(w);
    w.EndObject();
  });
}

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_JSON_OUT_H_
