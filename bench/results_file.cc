// Results JSON, written with RapidJSON and replaced atomically.
#include "bench/results_file.h"

#include <fcntl.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "bench/safe_text.h"

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

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  // Values can hold server text (error messages, log lines): keep the file
  // valid UTF-8 whatever the server sent.
  const std::string safe = ValidUtf8(value);
  w.String(safe.c_str(), static_cast<rapidjson::SizeType>(safe.size()));
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

void OptionalDouble(Writer& w, const char* key,
                    const std::optional<double>& value) {
  w.Key(key);
  if (value) {
    w.Double(*value);
  } else {
    w.Null();
  }
}

void Sample(Writer& w, const RequestFigures& f) {
  w.StartObject();
  DoubleField(w, "ttft_ms", f.ttft_ms);
  OptionalDouble(w, "tpot_ms", f.tpot_ms);
  OptionalDouble(w, "decode_tps", f.decode_tps);
  OptionalDouble(w, "e2e_tps", f.e2e_tps);
  DoubleField(w, "decode_time_ms", f.decode_time_ms);
  DoubleField(w, "total_time_ms", f.total_time_ms);
  Int64Field(w, "prompt_tokens", f.prompt_tokens);
  Int64Field(w, "completion_tokens", f.completion_tokens);
  w.Key("cached_tokens");
  if (f.cached_tokens) {
    w.Int64(*f.cached_tokens);
  } else {
    w.Null();
  }
  w.EndObject();
}

void Case(Writer& w, const CaseRecord& record) {
  const CaseOutcome& o = record.outcome;
  const CaseSummary summary = Summarize(o);
  w.StartObject();
  Str(w, "regime", o.spec.Regime());
  Str(w, "label", o.spec.label);
  Int64Field(w, "isl_target", o.spec.isl);
  Int64Field(w, "osl_target", o.spec.osl);
  w.Key("isl_actual");
  summary.prompt_tokens
      ? (void)w.Int64(std::llround(summary.prompt_tokens->mean))
      : (void)w.Null();
  w.Key("osl_actual");
  summary.completion_tokens
      ? (void)w.Int64(std::llround(summary.completion_tokens->mean))
      : (void)w.Null();
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
    const std::string message = ValidUtf8(record.message);
    w.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  }
  if (!record.server_figures.empty()) {
    w.Key("server");
    w.StartObject();
    for (const auto& [name, value] : record.server_figures) {
      DoubleField(w, name.c_str(), value);
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

const char* StatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kPassed:
      return "passed";
    case CaseStatus::kFailed:
      return "failed";
    case CaseStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

std::string LocalTimestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
  return buf;
}

ResultsFile::ResultsFile(std::string path, RunContext context)
    : path_(std::move(path)), context_(std::move(context)) {}

Status ResultsFile::Record(const CaseRecord& record) {
  bool replaced = false;
  for (auto& existing : records_) {
    if (existing.outcome.spec.Name() == record.outcome.spec.Name()) {
      existing = record;
      replaced = true;
    }
  }
  if (!replaced) records_.push_back(record);
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
  for (const auto& record : records_) Case(w, record);
  w.EndArray();
  w.Key("context");
  w.StartObject();
  Str(w, "tool", "servebench");
  Str(w, "suite", context_.suite);
  Str(w, "suite_file", context_.suite_file);
  Str(w, "server", context_.server);
  Str(w, "endpoint", context_.endpoint);
  Str(w, "model_source", context_.model_source);
  Str(w, "max_model_len_source", context_.max_model_len_source);
  Str(w, "host", context_.host);
  Str(w, "started_at", context_.started_at);
  w.EndObject();
  w.Key("server");
  w.StartObject();
  if (!context_.engine.empty()) Str(w, "engine", context_.engine);
  if (!context_.server_log.empty()) Str(w, "log", context_.server_log);
  if (context_.model_memory_gib) {
    DoubleField(w, "model_memory_gib", *context_.model_memory_gib);
  }
  if (context_.kv_cache_gib)
    DoubleField(w, "kv_cache_gib", *context_.kv_cache_gib);
  if (context_.kv_cache_tokens) {
    Int64Field(w, "kv_cache_tokens", *context_.kv_cache_tokens);
  }
  if (context_.gpu_memory_utilization) {
    DoubleField(w, "gpu_memory_utilization", *context_.gpu_memory_utilization);
  }
  for (const auto& [name, value] : context_.server_extra) {
    Str(w, name.c_str(), value);
  }
  w.EndObject();
  Str(w, "timestamp", LocalTimestamp());
  w.EndObject();
  return std::string(buffer.GetString()) + "\n";
}

Status ResultsFile::Write() const {
  return WriteFileAtomically(path_, ToJson());
}

Status WriteFileAtomically(const std::string& path,
                           const std::string& contents) {
  const std::string temporary = path + ".tmp." + std::to_string(getpid());
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error{"cannot write " + temporary + ": " + std::strerror(errno) +
                 " (is the folder of BENCH_RESULTS_FILE writable?)"};
  }
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n =
        ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      return Error{"cannot write " + temporary + ": " + reason};
    }
    written += static_cast<size_t>(n);
  }
  // Flush to disk before the rename makes it visible: a crash must not leave
  // an empty results file in place of the previous one.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return Error{"cannot flush " + temporary + ": " + reason};
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return Error{"cannot replace " + path + ": " + reason};
  }
  return Ok{};
}

}  // namespace servebench
