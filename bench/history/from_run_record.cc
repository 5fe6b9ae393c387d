// Result files into history structs.
#include "bench/history/from_run_record.h"

#include <rapidjson/document.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "bench/base/files.h"
#include "bench/base/json.h"
#include "bench/gating/metric.h"
#include "bench/history/validate.h"

namespace servebench::history {
namespace {

constexpr size_t kMaxFileBytes = 256 * 1024 * 1024;

// Keys RunRecord already turns into fields: kept out of the context.
bool ReadByRunRecord(const std::string& key) {
  static const std::set<std::string> kKeys = {
      "model",    "suite", "engine", "max_model_len", "gpu_memory_utilization",
      "timestamp"};
  return kKeys.count(key) > 0 || MetricByName(key).has_value();
}

class Context {
 public:
  void Add(const std::string& key, const std::string& value) {
    if (values_.size() >= kMaxContextEntries || ReadByRunRecord(key) ||
        !CheckKey(key, "context key").ok()) {
      return;
    }
    values_.emplace(key, SafeText(value, kMaxLongText));
  }
  std::map<std::string, std::string> Take() { return std::move(values_); }

 private:
  std::map<std::string, std::string> values_;
};

std::string ScalarText(const rapidjson::Value& value) {
  if (value.IsString()) {
    return std::string(value.GetString(), value.GetStringLength());
  }
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsInt64()) return std::to_string(value.GetInt64());
  if (value.IsNumber()) {
    char buf[64];
    const auto [end, ec] =
        std::to_chars(buf, buf + sizeof buf, value.GetDouble());
    return ec == std::errc() ? std::string(buf, end) : std::string();
  }
  return "";
}

void AddScalars(const rapidjson::Value& object, Context& context) {
  if (!object.IsObject()) return;
  for (const auto& member : object.GetObject()) {
    const rapidjson::Value& value = member.value;
    if (value.IsNull() || value.IsObject() || value.IsArray()) continue;
    context.Add(
        std::string(member.name.GetString(), member.name.GetStringLength()),
        ScalarText(value));
  }
}

void AddMember(const rapidjson::Value& object, const char* key,
               Context& context) {
  const auto it = object.FindMember(key);
  if (it != object.MemberEnd() && !it->value.IsNull() &&
      !it->value.IsObject() && !it->value.IsArray()) {
    context.Add(key, ScalarText(it->value));
  }
}

Result<std::map<std::string, std::string>> FromJson(const std::string& text,
                                                    const std::string& path) {
  rapidjson::Document doc;
  if (const JsonParse parsed = ParseJson(text, doc); !parsed.ok) {
    return Error{path + ": not a results JSON (" + parsed.error + ")"};
  }
  if (!doc.IsObject()) return Error{path + ": not a results JSON object"};
  Context context;
  AddMember(doc, "bench_runs", context);
  AddMember(doc, "warmup_runs", context);
  if (const auto it = doc.FindMember("context"); it != doc.MemberEnd()) {
    AddScalars(it->value, context);
  }
  if (const auto it = doc.FindMember("server"); it != doc.MemberEnd()) {
    AddScalars(it->value, context);
  }
  if (const auto it = doc.FindMember("cuda_graph_info");
      it != doc.MemberEnd()) {
    AddScalars(it->value, context);
  }
  return context.Take();
}

Result<std::map<std::string, std::string>> FromJunitXml(
    const std::string& text, const std::string& path) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size())) {
    return Error{path + ": not valid XML"};
  }
  static const std::set<std::string> kGoogleTestAttributes = {
      "name", "tests", "failures", "disabled", "skipped", "errors", "time"};
  Context context;
  const pugi::xml_node root = doc.document_element();
  std::vector<pugi::xml_node> suites;
  if (std::string(root.name()) == "testsuite") {
    suites.push_back(root);
  } else {
    for (const pugi::xml_node s : root.children("testsuite")) {
      suites.push_back(s);
    }
  }
  for (const pugi::xml_node& suite : suites) {
    for (const pugi::xml_attribute& a : suite.attributes()) {
      if (kGoogleTestAttributes.count(a.name()) == 0) {
        context.Add(a.name(), a.value());
      }
    }
  }
  return context.Take();
}

// "Isl1024Osl128Conc8" → 8; 0 without a "Conc" suffix.
double LevelOf(const std::string& name) {
  const size_t at = name.rfind("Conc");
  if (at == std::string::npos || at + 4 >= name.size()) return 0;
  double level = 0;
  for (size_t i = at + 4; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9' || level > 1e9) return 0;
    level = level * 10 + (name[i] - '0');
  }
  return level;
}

std::string Take(std::map<std::string, std::string>& context,
                 const std::string& key) {
  const auto it = context.find(key);
  if (it == context.end()) return "";
  std::string value = it->second;
  context.erase(it);
  return value;
}

}  // namespace

Result<std::map<std::string, std::string>> ReadRunContext(
    const std::string& path) {
  SB_ASSIGN_OR_RETURN(const std::string text, ReadFile(path, kMaxFileBytes));
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Error{path + ": the file is empty"};
  return text[first] == '<' ? FromJunitXml(text, path) : FromJson(text, path);
}

ImportedRun FromRunRecord(const RunRecord& record,
                          std::map<std::string, std::string> context) {
  ImportedRun imported;
  HistoryRun& run = imported.run;
  run.suite = record.suite;
  run.model = record.model;
  run.engine = record.engine;
  run.max_model_len = record.max_model_len;
  run.gpu_memory_utilization = record.gpu_memory_utilization;
  run.host = Take(context, "host");
  run.engine_version = Take(context, "engine_version");
  const std::string started_at = Take(context, "started_at");
  run.started_at = IsTimestamp(started_at) ? started_at : record.timestamp;
  if (!IsTimestamp(run.started_at)) run.started_at.clear();
  run.context = std::move(context);
  run.context["format"] = record.format;
  for (const auto& [metric, value] : record.server) {
    run.server[Info(metric).name] = value;
  }
  run.source = record.source;
  for (const RunCase& c : record.cases) {
    HistoryCase out;
    out.name = c.name;
    out.isl = c.isl;
    out.osl = c.osl;
    out.level = LevelOf(c.name);
    out.status = c.status;
    out.message = c.message;
    for (const auto& [metric, mean] : c.means)
      out.means[Info(metric).name] = mean;
    for (const auto& [metric, values] : c.samples) {
      out.samples[Info(metric).name] = values;
    }
    imported.cases.push_back(std::move(out));
  }
  return imported;
}

}  // namespace servebench::history
