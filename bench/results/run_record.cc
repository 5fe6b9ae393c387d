// Reading a finished run back from JUnit XML or a results JSON.
#include "bench/results/run_record.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "bench/base/files.h"
#include "bench/base/json.h"

namespace servebench {
namespace {

// The result keys of both JSON formats, mapped to the metrics.
struct JsonFigure {
  const char* key;
  Metric metric;
};
constexpr JsonFigure kJsonFigures[] = {
    {"ttft_ms", Metric::kTtftMs},
    {"tpot_ms", Metric::kTpotMs},
    {"decode_throughput", Metric::kDecodeTps},
    {"e2e_throughput", Metric::kE2eTps},
};

int LineOf(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  for (size_t i = 0; i < offset; ++i) line += text[i] == '\n';
  return line;
}

std::optional<double> ParseDouble(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text[0]))) {
    text.remove_prefix(1);
  }
  double value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  const std::optional<double> value = ParseDouble(text);
  if (!value) return std::nullopt;
  return static_cast<int64_t>(std::llround(*value));
}

// "Isl1024Osl128" (after any "Measure/" prefix) gives the pair when a case
// carries no isl/osl properties.
bool PairFromName(const std::string& name, int64_t& isl, int64_t& osl) {
  long long a = 0, b = 0;
  char tail = 0;
  if (std::sscanf(name.c_str(), "Isl%lldOsl%lld%c", &a, &b, &tail) != 2) {
    return false;
  }
  isl = a;
  osl = b;
  return true;
}

// The level part of a case name: what follows "Isl<n>Osl<n>" ("Conc8",
// "Rate0p5", "Sweep"), or "" for a sequential case.
std::string LevelFromName(const std::string& name) {
  const size_t osl = name.find("Osl");
  if (osl == std::string::npos) return "";
  size_t end = osl + 3;
  while (end < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[end]))) {
    ++end;
  }
  return name.substr(end);
}

// A load case's named figure: into `load` when it is a load metric, and
// into `figures` by name either way.
void AddLoadFigure(RunCase& c, const std::string& name, double value) {
  c.figures[name] = value;
  if (const auto metric = LoadMetricByName(name)) c.load[*metric] = value;
}

// GoogleTest prefixes a failure or skip message with "file:line\n": the
// report wants the reason only.
std::string DropLocationLine(const std::string& message) {
  const size_t newline = message.find('\n');
  if (newline == std::string::npos) return message;
  const std::string first = message.substr(0, newline);
  const size_t colon = first.rfind(':');
  if (colon == std::string::npos || colon + 1 == first.size() ||
      first.find(' ') != std::string::npos) {
    return message;
  }
  for (size_t i = colon + 1; i < first.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(first[i]))) return message;
  }
  return message.substr(newline + 1);
}

// ---- JUnit XML ------------------------------------------------------------

std::string Attr(const pugi::xml_node& node, const char* name) {
  return node.attribute(name).as_string();
}

Status ReadSuiteAttributes(const pugi::xml_node& suite, const std::string& path,
                           RunRecord& record) {
  auto text = [&](const char* name, std::string& field) {
    if (field.empty()) field = Attr(suite, name);
  };
  text("model", record.model);
  text("suite", record.suite);
  text("engine", record.engine);
  text("timestamp", record.timestamp);
  auto number = [&](const char* name) -> Result<std::optional<double>> {
    const pugi::xml_attribute attribute = suite.attribute(name);
    if (!attribute) return std::optional<double>();
    const std::optional<double> value = ParseDouble(attribute.as_string());
    if (!value) {
      return Error{path + ": <testsuite> attribute " + name + "=\"" +
                   attribute.as_string() + "\" is not a number"};
    }
    return value;
  };
  auto max_model_len = number("max_model_len");
  if (!max_model_len.ok()) return max_model_len;
  if (*max_model_len && !record.max_model_len) {
    record.max_model_len = static_cast<int64_t>(std::llround(**max_model_len));
  }
  auto utilization = number("gpu_memory_utilization");
  if (!utilization.ok()) return utilization;
  if (*utilization && !record.gpu_memory_utilization) {
    record.gpu_memory_utilization = *utilization;
  }
  for (const auto& info : AllMetrics()) {
    if (info.per_case) continue;
    auto value = number(info.name);
    if (!value.ok()) return value;
    if (*value) record.server.emplace(info.metric, **value);
  }
  return Ok{};
}

// Returns false (and no error) for test cases that are not ISL/OSL pairs.
Result<bool> ReadTestCase(const pugi::xml_node& node, const std::string& path,
                          RunCase& c) {
  std::string name = Attr(node, "name");
  const size_t slash = name.rfind('/');
  c.name = slash == std::string::npos ? name : name.substr(slash + 1);
  bool has_isl = false, has_osl = false;
  std::map<std::string, double> loose;
  for (const pugi::xml_node& p :
       node.child("properties").children("property")) {
    const std::string key = Attr(p, "name");
    const std::string value = Attr(p, "value");
    auto bad = [&]() {
      return Error{path + ": test case " + name + ": property " + key + "=\"" +
                   value + "\" is not a number"};
    };
    if (key == "label") {
      c.label = value;
    } else if (key == "level") {
      c.level = value;
    } else if (key == "category") {
      c.category = value;
    } else if (key == "isl" || key == "osl" || key == "isl_actual" ||
               key == "osl_actual") {
      const std::optional<int64_t> n = ParseInt(value);
      if (!n) return bad();
      if (key == "isl") c.isl = *n, has_isl = true;
      if (key == "osl") c.osl = *n, has_osl = true;
      if (key == "isl_actual") c.isl_actual = *n;
      if (key == "osl_actual") c.osl_actual = *n;
    } else if (const auto metric = MetricByName(key);
               metric && Info(*metric).per_case) {
      const std::optional<double> n = ParseDouble(value);
      if (!n) return bad();
      c.means[*metric] = *n;
    } else if (const std::optional<double> n = ParseDouble(value)) {
      loose[key] = *n;  // a load case's figures, once it is known to be one
    }
  }
  if (c.level.empty()) c.level = LevelFromName(c.name);
  if (c.is_load()) {
    // Load levels record percentiles, not per-run means.
    c.means.clear();
    for (const auto& [key, n] : loose) AddLoadFigure(c, key, n);
  }
  if (!(has_isl && has_osl) && !PairFromName(c.name, c.isl, c.osl)) {
    return false;
  }
  if (const pugi::xml_node failure = node.child("failure")) {
    c.status = "failed";
    c.message = DropLocationLine(Attr(failure, "message"));
  } else if (const pugi::xml_node skipped = node.child("skipped")) {
    c.status = "skipped";
    c.message = DropLocationLine(Attr(skipped, "message"));
  } else if (Attr(node, "result") == "skipped" ||
             Attr(node, "status") == "notrun") {
    c.status = "skipped";
  } else {
    c.status = "passed";
  }
  return true;
}

Result<RunRecord> FromJunitXml(const std::string& text,
                               const std::string& path) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size());
  if (!parsed) {
    return Error{
        path + ":" +
        std::to_string(LineOf(text, static_cast<size_t>(parsed.offset))) +
        ": not valid XML: " + parsed.description()};
  }
  RunRecord record;
  record.source = path;
  record.format = "junit-xml";
  const pugi::xml_node root = doc.document_element();
  std::vector<pugi::xml_node> suites;
  if (std::string(root.name()) == "testsuite") {
    suites.push_back(root);
  } else {
    for (const pugi::xml_node s : root.children("testsuite"))
      suites.push_back(s);
  }
  for (const pugi::xml_node& suite : suites) {
    Status status = ReadSuiteAttributes(suite, path, record);
    if (!status.ok()) return status;
    for (const pugi::xml_node& node : suite.children("testcase")) {
      RunCase c;
      auto is_case = ReadTestCase(node, path, c);
      if (!is_case.ok()) return is_case;
      if (*is_case) record.cases.push_back(std::move(c));
    }
  }
  if (record.timestamp.empty()) record.timestamp = Attr(root, "timestamp");
  return record;
}

// ---- results JSON ---------------------------------------------------------

using Value = rapidjson::Value;

const Value* Member(const Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string String(const Value& object, const char* key) {
  const Value* v = Member(object, key);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength())
                            : std::string();
}

std::optional<double> Number(const Value& object, const char* key) {
  const Value* v = Member(object, key);
  if (!v || !v->IsNumber()) return std::nullopt;
  return v->GetDouble();
}

std::optional<int64_t> Integer(const Value& object, const char* key) {
  const std::optional<double> v = Number(object, key);
  if (!v) return std::nullopt;
  return static_cast<int64_t>(std::llround(*v));
}

Result<RunCase> JsonCase(const Value& result, size_t index,
                         const std::string& path) {
  const std::string where = path + ": results[" + std::to_string(index) + "]";
  if (!result.IsObject()) return Error{where + " is not an object"};
  RunCase c;
  const std::optional<int64_t> isl = Integer(result, "isl_target");
  const std::optional<int64_t> osl = Integer(result, "osl_target");
  if (!isl || !osl) {
    return Error{where + " has no numeric isl_target and osl_target"};
  }
  c.isl = *isl;
  c.osl = *osl;
  c.name = String(result, "name");
  if (c.name.empty()) {
    c.name = "Isl" + std::to_string(c.isl) + "Osl" + std::to_string(c.osl);
  }
  c.label = String(result, "label");
  c.level = LevelFromName(c.name);
  c.category = String(result, "category");
  if (c.category.empty()) {
    c.category = String(result, "regime");
    for (char& ch : c.category) ch = ch == '_' ? '-' : ch;
  }
  c.status = String(result, "status");
  if (c.status.empty()) c.status = "passed";
  c.message = String(result, "error");
  c.isl_actual = Integer(result, "isl_actual");
  c.osl_actual = Integer(result, "osl_actual");
  for (const JsonFigure& figure : kJsonFigures) {
    const Value* stats = Member(result, figure.key);
    if (!stats) continue;
    if (const std::optional<double> avg = Number(*stats, "avg")) {
      c.means[figure.metric] = *avg;
    }
  }
  if (c.is_load()) c.means.clear();  // as from the XML: percentiles, not means
  // Figures measured once per case (the server's clock, the GPUs, a load
  // level's figures) are in the result's "server" block.
  if (const Value* server = Member(result, "server");
      server && server->IsObject()) {
    if (c.is_load()) {
      for (const auto& member : server->GetObject()) {
        if (member.value.IsNumber()) {
          AddLoadFigure(c, member.name.GetString(), member.value.GetDouble());
        }
      }
    } else {
      for (const auto& info : AllMetrics()) {
        if (!info.per_case || info.per_run) continue;
        if (const std::optional<double> v = Number(*server, info.name)) {
          c.means[info.metric] = *v;
        }
      }
    }
  }
  if (const Value* runs = Member(result, "runs");
      !c.is_load() && runs && runs->IsArray()) {
    for (const Value& run : runs->GetArray()) {
      for (const auto& info : AllMetrics()) {
        if (!info.per_run) continue;
        if (const std::optional<double> v = Number(run, info.name)) {
          c.samples[info.metric].push_back(*v);
        }
      }
    }
  }
  return c;
}

Result<RunRecord> FromJson(const std::string& text, const std::string& path) {
  rapidjson::Document doc;
  if (const JsonParse parsed = ParseJson(text, doc); !parsed.ok) {
    return Error{path + ":" +
                 std::to_string(LineOf(text, parsed.error_offset)) +
                 ": not valid JSON: " + parsed.error};
  }
  if (!doc.IsObject()) {
    return Error{path + ": not a results JSON: the top level is not an object"};
  }
  RunRecord record;
  record.source = path;
  record.format =
      Member(doc, "schema_version") ? "servebench-json" : "seed-json";
  record.model = String(doc, "model");
  record.timestamp = String(doc, "timestamp");
  record.max_model_len = Integer(doc, "max_model_len");
  if (const Value* context = Member(doc, "context")) {
    record.suite = String(*context, "suite");
  }
  if (const Value* server = Member(doc, "server");
      server && server->IsObject()) {
    record.engine = String(*server, "engine");
    record.gpu_memory_utilization = Number(*server, "gpu_memory_utilization");
    for (const auto& info : AllMetrics()) {
      if (info.per_case) continue;
      if (const std::optional<double> v = Number(*server, info.name)) {
        record.server[info.metric] = *v;
      }
    }
  }
  if (const Value* results = Member(doc, "results");
      results && results->IsArray()) {
    size_t index = 0;
    for (const Value& result : results->GetArray()) {
      auto c = JsonCase(result, index++, path);
      if (!c.ok()) return c;
      record.cases.push_back(std::move(*c));
    }
  }
  return record;
}

}  // namespace

bool RunRecord::HasFailures() const {
  for (const auto& c : cases) {
    if (c.status == "failed") return true;
  }
  return false;
}

const RunCase* RunRecord::FindCase(int64_t isl, int64_t osl) const {
  for (const auto& c : cases) {
    if (c.isl == isl && c.osl == osl && !c.is_load()) return &c;
  }
  return nullptr;
}

const RunCase* RunRecord::FindLoad(int64_t isl, int64_t osl,
                                   const std::string& level) const {
  for (const auto& c : cases) {
    if (c.isl == isl && c.osl == osl && c.level == level) return &c;
  }
  return nullptr;
}

Result<RunRecord> LoadRunRecord(const std::string& path) {
  SB_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Error{path + ": the file is empty"};
  Result<RunRecord> record =
      text[first] == '<' ? FromJunitXml(text, path) : FromJson(text, path);
  if (record.ok() && record->cases.empty()) {
    return Error{path +
                 ": no test cases found (expected <testcase> elements "
                 "with isl/osl properties, or a \"results\" array)"};
  }
  return record;
}

}  // namespace servebench
