// Writing baselines as TOML that reads back to the same figures.
#include <toml++/toml.h>

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <sstream>

#include "bench/gating/baseline.h"

namespace servebench {
namespace {

// TOML text for a figure that reads back as the same double: the shortest
// round-trip digits, with ".0" so that it stays a float ("44.0", not "44").
// Token counts are whole numbers and read best without the ".0".
std::string FigureText(double value, const MetricInfo* info = nullptr) {
  if (info != nullptr && std::string_view(info->unit) == "tokens" &&
      value == std::floor(value) && std::fabs(value) < 9.0e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string text(buf, end);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

std::string ShortestText(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, end);
}

// As the user would write it, and exactly what ParseTolerance reads back.
// A relative tolerance is stored as a fraction, so the percentage is searched
// among the doubles next to fraction * 100 (one of them is what was parsed).
std::string ToleranceText(const Tolerance& tolerance, const MetricInfo& info) {
  if (tolerance.kind == Tolerance::Kind::kAbsolute) {
    return ShortestText(tolerance.value) + " " + info.unit;
  }
  const double percent = tolerance.value * 100;
  double below = percent, above = percent;
  for (int step = 0; step < 4; ++step) {
    for (double candidate : {below, above}) {
      const std::string text = ShortestText(candidate) + "%";
      auto parsed = ParseTolerance(text, info);
      if (parsed.ok() && parsed->value == tolerance.value) return text;
    }
    below = std::nextafter(below, -INFINITY);
    above = std::nextafter(above, INFINITY);
  }
  return ShortestText(percent) + "%";  // no decimal percentage is exact
}

// A TOML basic string: escapes quotes, backslashes and control characters,
// keeps other Unicode readable, and never becomes a multi-line string.
std::string Quoted(const std::string& text) {
  std::ostringstream out;
  out << toml::toml_formatter{toml::value<std::string>(text),
                              toml::format_flags::allow_unicode_strings};
  return out.str();
}

void WriteFigures(std::ostringstream& out,
                  const std::map<Metric, double>& figures) {
  for (const auto& [metric, value] : figures) {
    out << Info(metric).name << " = " << FigureText(value, &Info(metric))
        << "\n";
  }
}

void WriteTolerances(std::ostringstream& out,
                     const std::map<Metric, Tolerance>& tolerances) {
  for (const auto& [metric, tolerance] : tolerances) {
    out << Info(metric).name << " = "
        << Quoted(ToleranceText(tolerance, Info(metric))) << "\n";
  }
}

// "key = \"text\"" for each text that is not empty (empty is the default).
void WriteTexts(
    std::ostringstream& out,
    std::initializer_list<std::pair<const char*, const std::string*>> texts) {
  for (auto [key, value] : texts) {
    if (!value->empty()) out << key << " = " << Quoted(*value) << "\n";
  }
}

// "key = [1.5, 2]", each value as FigureText writes it.
void WriteList(std::ostringstream& out, const std::string& key,
               const std::vector<double>& values,
               const MetricInfo* info = nullptr) {
  out << key << " = [";
  for (size_t i = 0; i < values.size(); ++i) {
    out << (i == 0 ? "" : ", ") << FigureText(values[i], info);
  }
  out << "]\n";
}

// What a [[case]] and a [[load]] entry write alike, in the order the reader
// reads them: isl and osl first, then (after `level`, the load level's key)
// label, category, figures and the [`kind`.tolerances] overrides.
template <typename Entry>
void WriteSharedKeys(std::ostringstream& out, const Entry& entry,
                     const std::string& level, const std::string& kind) {
  out << "isl = " << entry.isl << "\nosl = " << entry.osl << "\n" << level;
  if (!entry.label.empty()) out << "label = " << Quoted(entry.label) << "\n";
  if (!entry.category.empty()) {
    out << "category = " << Quoted(entry.category) << "\n";
  }
  WriteFigures(out, entry.figures);
  if (!entry.tolerances.empty()) {
    out << "[" << kind << ".tolerances]\n";
    WriteTolerances(out, entry.tolerances);
  }
}

// The line naming a load level: exactly one of its three kinds.
std::string LevelLine(const BaselineLoad& load) {
  if (load.sweep) return "sweep = true\n";
  if (load.request_rate > 0) {
    return "request_rate = " + FigureText(load.request_rate) + "\n";
  }
  return "concurrency = " + std::to_string(load.concurrency) + "\n";
}

}  // namespace

std::string SerializeBaseline(const Baseline& baseline) {
  std::ostringstream out;
  const char* separator = "";  // a blank line between sections
  const auto section = [&](const char* header) {
    out << separator << header << "\n";
    separator = "\n";
  };

  const BaselineContext& c = baseline.context;
  std::ostringstream context;
  WriteTexts(context, {{"model", &c.model},
                       {"engine", &c.engine},
                       {"engine_version", &c.engine_version},
                       {"gpu", &c.gpu}});
  if (c.max_model_len) {
    context << "max_model_len = " << *c.max_model_len << "\n";
  }
  if (c.gpu_memory_utilization) {
    context << "gpu_memory_utilization = "
            << FigureText(*c.gpu_memory_utilization) << "\n";
  }
  WriteTexts(context, {{"suite", &c.suite},
                       {"recorded_at", &c.recorded_at},
                       {"recorded_from", &c.recorded_from},
                       {"notes", &c.notes}});
  if (!context.str().empty()) {
    section("[context]");
    out << context.str();
  }
  if (!baseline.tolerances.empty()) {
    section("[tolerances]");
    WriteTolerances(out, baseline.tolerances);
  }
  if (!baseline.server.empty()) {
    section("[server]");
    WriteFigures(out, baseline.server);
  }
  for (const BaselineCase& entry : baseline.cases) {
    section("[[case]]");
    WriteSharedKeys(out, entry, "", "case");
    bool samples_header = false;
    for (const auto& [metric, values] : entry.samples) {
      if (values.empty()) continue;  // "x = []" would not read back
      if (!samples_header) out << "[case.samples]\n", samples_header = true;
      WriteList(out, Info(metric).name, values, &Info(metric));
    }
  }
  for (const BaselineLoad& load : baseline.loads) {
    section("[[load]]");
    WriteSharedKeys(out, load, LevelLine(load), "load");
    bool curve_header = false;
    for (const std::string& key : LoadCurveKeys()) {
      const auto it = load.curve.find(key);
      if (it == load.curve.end() || it->second.empty()) continue;
      if (!curve_header) out << "[load.curve]\n", curve_header = true;
      WriteList(out, key, it->second);
    }
  }
  return out.str();
}

}  // namespace servebench
