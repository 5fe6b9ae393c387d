// Results JSON, written with RapidJSON and replaced atomically.
#include "bench/results/results_file.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <utility>

#include "bench/base/enum_names.h"
#include "bench/base/files.h"
#include "bench/base/safe_text.h"
#include "bench/base/text_format.h"

namespace servebench {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void DoubleField(Writer& w, const char* key, double value) {
  w.Key(key);
  w.Double(value);
}

void Int64Field(Writer& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}

void IntField(Writer& w, const char* key, int value) {
  w.Key(key);
  w.Int(value);
}

// Values can hold server text (error messages, log lines, GPU names): keep
// the file valid UTF-8 whatever the server sent.
void SafeString(Writer& w, const std::string& value) {
  const std::string safe = ValidUtf8(value);
  w.String(safe.c_str(), static_cast<rapidjson::SizeType>(safe.size()));
}

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  SafeString(w, value);
}

void Stats(Writer& w, const char* key,
           const std::optional<SummaryStats>& stats) {
  w.Key(key);
  if (!stats) {
    w.Null();
    return;
  }
  w.StartObject();
  DoubleField(w, "avg", stats->mean);
  DoubleField(w, "min", stats->min);
  DoubleField(w, "max", stats->max);
  DoubleField(w, "median", stats->median);
  DoubleField(w, "stddev", stats->stddev);
  w.EndObject();
}

// A figure the run may not have: null when absent.
template <typename T>
void OptionalField(Writer& w, const char* key, const std::optional<T>& value) {
  w.Key(key);
  if (!value) {
    w.Null();
  } else if constexpr (std::is_floating_point_v<T>) {
    w.Double(*value);
  } else {
    w.Int64(*value);
  }
}

// A token count's mean as the whole number of tokens it stands for.
std::optional<int64_t> RoundedMean(const std::optional<SummaryStats>& stats) {
  if (!stats) return std::nullopt;
  return std::llround(stats->mean);
}

void Sample(Writer& w, const RequestFigures& f) {
  w.StartObject();
  DoubleField(w, "ttft_ms", f.ttft_ms);
  OptionalField(w, "tpot_ms", f.tpot_ms);
  OptionalField(w, "decode_tps", f.decode_tps);
  OptionalField(w, "e2e_tps", f.e2e_tps);
  DoubleField(w, "decode_time_ms", f.decode_time_ms);
  DoubleField(w, "total_time_ms", f.total_time_ms);
  Int64Field(w, "prompt_tokens", f.prompt_tokens);
  Int64Field(w, "completion_tokens", f.completion_tokens);
  OptionalField(w, "cached_tokens", f.cached_tokens);
  w.EndObject();
}

void Case(Writer& w, const CaseRecord& record, const CaseSummary& summary) {
  const CaseOutcome& o = record.outcome;
  w.StartObject();
  Str(w, "regime", o.spec.Regime());
  Str(w, "label", o.spec.label);
  Int64Field(w, "isl_target", o.spec.isl);
  Int64Field(w, "osl_target", o.spec.osl);
  OptionalField(w, "isl_actual", RoundedMean(summary.prompt_tokens));
  OptionalField(w, "osl_actual", RoundedMean(summary.completion_tokens));
  Stats(w, "ttft_ms", summary.ttft_ms);
  Stats(w, "tpot_ms", summary.tpot_ms);
  Stats(w, "decode_throughput", summary.decode_tps);
  Stats(w, "e2e_throughput", summary.e2e_tps);
  Str(w, "name", o.spec.Name());
  Str(w, "category", o.spec.category);
  Str(w, "status", StatusName(record.status));
  w.Key("error");
  if (record.message.empty()) {
    w.Null();
  } else {
    SafeString(w, record.message);
  }
  if (!record.server_figures.empty() || !record.server_notes.empty()) {
    w.Key("server");
    w.StartObject();
    for (const auto& [name, value] : record.server_figures) {
      DoubleField(w, name.c_str(), value);
    }
    for (const auto& [name, text] : record.server_notes) {
      Str(w, name.c_str(), ValidUtf8(text));
    }
    w.EndObject();
  }
  if (!record.verdict.empty()) {
    w.Key("baseline");
    w.StartObject();
    Str(w, "source", record.baseline_source);
    Str(w, "verdict", record.verdict);
    w.Key("metrics");
    w.StartObject();
    for (const auto& figure : record.baseline) {
      w.Key(figure.metric.c_str(),
            static_cast<rapidjson::SizeType>(figure.metric.size()));
      w.StartObject();
      DoubleField(w, "baseline", figure.baseline);
      DoubleField(w, "change_pct", figure.change_pct);
      Str(w, "verdict", figure.verdict);
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
  }
  IntField(w, "warmup_runs", o.warmup_runs);
  w.Key("runs");
  w.StartArray();
  for (const auto& sample : o.samples) Sample(w, sample);
  w.EndArray();
  w.EndObject();
}

}  // namespace

constexpr EnumNames<CaseStatus, 3> kStatusNames({{
    {CaseStatus::kPassed, "passed"},
    {CaseStatus::kFailed, "failed"},
    {CaseStatus::kSkipped, "skipped"},
}});

const char* StatusName(CaseStatus status) {
  return kStatusNames.Name(status).data();
}

ResultsFile::ResultsFile(std::string path, RunContext context)
    : path_(std::move(path)), context_(std::move(context)) {}

Status ResultsFile::Record(const CaseRecord& record) {
  // Summarised once here, not at every rewrite of the file.
  CaseSummary summary = Summarize(record.outcome);
  for (size_t i = 0; i < records_.size(); ++i) {
    if (records_[i].outcome.spec.Name() == record.outcome.spec.Name()) {
      records_[i] = record;
      summaries_[i] = std::move(summary);
      return Write();
    }
  }
  records_.push_back(record);
  summaries_.push_back(std::move(summary));
  return Write();
}

std::string ResultsFile::ToJson() const {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetMaxDecimalPlaces(4);
  w.StartObject();
  IntField(w, "schema_version", kResultsSchemaVersion);
  Str(w, "model", context_.model);
  Int64Field(w, "max_model_len", context_.max_model_len);
  IntField(w, "bench_runs", context_.runs);
  IntField(w, "warmup_runs", context_.warmup_runs);
  w.Key("test_matrix");
  w.StartArray();
  for (const auto& c : context_.matrix) {
    w.StartObject();
    Int64Field(w, "isl", c.isl);
    Int64Field(w, "osl", c.osl);
    Str(w, "label", c.label);
    w.EndObject();
  }
  w.EndArray();
  w.Key("results");
  w.StartArray();
  for (size_t i = 0; i < records_.size(); ++i) {
    Case(w, records_[i], summaries_[i]);
  }
  w.EndArray();
  w.Key("context");
  w.StartObject();
  Str(w, "tool", "servebench");
  for (const auto& [key, value] :
       std::initializer_list<std::pair<const char*, const std::string*>>{
           {"suite", &context_.suite},
           {"suite_file", &context_.suite_file},
           {"server", &context_.server},
           {"endpoint", &context_.endpoint},
           {"model_source", &context_.model_source},
           {"max_model_len_source", &context_.max_model_len_source},
           {"host", &context_.host},
           {"started_at", &context_.started_at}}) {
    Str(w, key, *value);
  }
  w.EndObject();
  w.Key("server");
  w.StartObject();
  if (context_.facts) {
    for (const FactField& field : FactFields(*context_.facts)) {
      if (field.name == "engine") {
        Str(w, "engine", field.text);
        if (!context_.server_log.empty()) Str(w, "log", context_.server_log);
      } else if (field.number && field.whole) {
        Int64Field(w, field.name.c_str(), std::llround(*field.number));
      } else if (field.number) {
        DoubleField(w, field.name.c_str(), *field.number);
      } else {
        Str(w, field.name.c_str(), field.text);
      }
    }
    for (const auto& [name, line] : context_.facts->sources) {
      Str(w, ("fact_source_" + name).c_str(), line);
    }
  }
  if (context_.gpu_count > 0) {
    IntField(w, "gpu_count", context_.gpu_count);
    w.Key("gpu_names");
    w.StartArray();
    for (const std::string& name : context_.gpu_names) SafeString(w, name);
    w.EndArray();
    Str(w, "gpu_source", context_.gpu_source);
  }
  w.EndObject();
  Str(w, "timestamp", LocalTimestamp());
  w.EndObject();
  return std::string(buffer.GetString()) + "\n";
}

Status ResultsFile::Write() const {
  Status written = WriteFileAtomically(path_, ToJson());
  if (!written.ok()) {
    return Error{written.error() +
                 "; check BENCH_RESULTS_FILE (its folder must be writable)"};
  }
  return written;
}

}  // namespace servebench
