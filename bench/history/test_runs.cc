// Synthetic runs and cases for the history's tests.
#include "bench/history/test_runs.h"

#include <cstdio>

namespace servebench::history {

HistoryRun TestRun(int minute) {
  HistoryRun run;
  run.suite = "core";
  run.model = "m";
  run.engine = "vLLM";
  run.engine_version = "0.11.0";
  run.host = "ci-runner";
  run.max_model_len = 4096;
  run.gpu_memory_utilization = 0.9;
  char started[32];
  std::snprintf(started, sizeof started, "2026-03-01T%02d:%02d:00",
                (minute / 60) % 24, minute % 60);
  run.started_at = started;
  run.source = "suite";
  return run;
}

HistoryCase TestCase(const std::string& name,
                     const std::map<std::string, double>& means,
                     const std::vector<double>& samples_pct) {
  HistoryCase c;
  c.name = name;
  int isl = 0, osl = 0;
  std::sscanf(name.c_str(), "Isl%dOsl%d", &isl, &osl);
  c.isl = isl;
  c.osl = osl;
  c.status = "passed";
  c.means = means;
  for (const auto& [metric, mean] : means) {
    for (double pct : samples_pct)
      c.samples[metric].push_back(mean * pct / 100);
  }
  return c;
}

StoredRun TestStoredRun(int64_t id, const HistoryCase& c) {
  StoredRun stored;
  stored.id = id;
  stored.run = TestRun(static_cast<int>(id));
  stored.cases.push_back(c);
  return stored;
}

}  // namespace servebench::history
