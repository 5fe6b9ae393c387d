// Apples-to-apples checks and context differences between runs.
#include "bench/history/comparable.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace servebench::history {
namespace {

constexpr char kNone[] = "(none)";

std::string Number(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

bool SameUtilization(double a, double b) { return std::fabs(a - b) <= 1e-6; }

// Context keys whose values differ from run to run by nature: times, log
// paths, and the log lines each fact was read from (fact_source_*: their
// timestamps and process ids change with every server start; the facts
// themselves are compared).
bool Volatile(const std::string& key) {
  static const std::set<std::string> kKeys = {"started_at", "timestamp",
                                              "server_log", "log"};
  return kKeys.count(key) > 0 || key.rfind("fact_source", 0) == 0;
}

std::string ShortCommit(const std::string& commit) {
  return commit.size() > 12 ? commit.substr(0, 12) : commit;
}

}  // namespace

std::vector<std::string> Incomparabilities(const HistoryRun& run,
                                           const HistoryRun& other,
                                           bool match_labels) {
  std::vector<std::string> out;
  if (!run.suite.empty() && !other.suite.empty() && run.suite != other.suite) {
    out.push_back("suite " + Quoted(run.suite) + " vs " + Quoted(other.suite));
  }
  if (!run.model.empty() && !other.model.empty() && run.model != other.model) {
    out.push_back("model " + run.model + " vs " + other.model);
  }
  if (run.max_model_len && other.max_model_len &&
      *run.max_model_len != *other.max_model_len) {
    out.push_back("max_model_len " + std::to_string(*run.max_model_len) +
                  " vs " + std::to_string(*other.max_model_len));
  }
  if (run.gpu_memory_utilization && other.gpu_memory_utilization &&
      !SameUtilization(*run.gpu_memory_utilization,
                       *other.gpu_memory_utilization)) {
    out.push_back("gpu_memory_utilization " +
                  Number(*run.gpu_memory_utilization) + " vs " +
                  Number(*other.gpu_memory_utilization));
  }
  if (match_labels && run.labels != other.labels) {
    std::set<std::string> keys;
    for (const auto& [key, value] : run.labels) keys.insert(key);
    for (const auto& [key, value] : other.labels) keys.insert(key);
    for (const std::string& key : keys) {
      const auto a = run.labels.find(key);
      const auto b = other.labels.find(key);
      const std::string left = a == run.labels.end() ? kNone : a->second;
      const std::string right = b == other.labels.end() ? kNone : b->second;
      if (left != right) {
        out.push_back("label " + key + " " + left + " vs " + right);
      }
    }
  }
  return out;
}

bool SameRun(const HistoryRun& a, const HistoryRun& b) {
  return !a.started_at.empty() && a.started_at == b.started_at &&
         a.host == b.host && a.model == b.model && a.suite == b.suite;
}

std::vector<ContextDifference> ContextDifferences(const HistoryRun& before,
                                                  const HistoryRun& after) {
  std::vector<ContextDifference> out;
  auto text = [&](const std::string& key, const std::string& a,
                  const std::string& b) {
    if (a != b)
      out.push_back({key, a.empty() ? kNone : a, b.empty() ? kNone : b});
  };
  auto map_diff = [&](const std::string& prefix,
                      const std::map<std::string, std::string>& a,
                      const std::map<std::string, std::string>& b) {
    std::set<std::string> keys;
    for (const auto& [key, value] : a) keys.insert(key);
    for (const auto& [key, value] : b) keys.insert(key);
    for (const std::string& key : keys) {
      if (Volatile(key)) continue;
      const auto x = a.find(key);
      const auto y = b.find(key);
      text(prefix + key, x == a.end() ? "" : x->second,
           y == b.end() ? "" : y->second);
    }
  };
  map_diff("label ", before.labels, after.labels);
  text("engine_version", before.engine_version, after.engine_version);
  text("commit", ShortCommit(before.commit), ShortCommit(after.commit));
  text("engine", before.engine, after.engine);
  text("model", before.model, after.model);
  text("suite", before.suite, after.suite);
  auto length = [](const std::optional<int64_t>& value) {
    return value ? std::to_string(*value) : std::string();
  };
  auto fraction = [](const std::optional<double>& value) {
    return value ? Number(*value) : std::string();
  };
  text("max_model_len", length(before.max_model_len),
       length(after.max_model_len));
  text("gpu_memory_utilization", fraction(before.gpu_memory_utilization),
       fraction(after.gpu_memory_utilization));
  text("host", before.host, after.host);
  map_diff("", before.context, after.context);
  std::map<std::string, std::string> server_before, server_after;
  for (const auto& [key, value] : before.server)
    server_before[key] = Number(value);
  for (const auto& [key, value] : after.server)
    server_after[key] = Number(value);
  map_diff("", server_before, server_after);
  return out;
}

std::string DescribeDifferences(const std::vector<ContextDifference>& diffs) {
  std::string text;
  for (const ContextDifference& d : diffs) {
    text += (text.empty() ? "" : "; ") + d.key + " " + d.before + " \u2192 " +
            d.after;
  }
  return text;
}

}  // namespace servebench::history
