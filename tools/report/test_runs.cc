// Loading the checked-in runs for the report tests.
#include "tools/report/test_runs.h"

#include <gtest/gtest.h>

namespace servebench::report {

RunRecord LoadTestRun(const std::string& name) {
  auto run = LoadRunRecord("bench/results/testdata/runs/" + name);
  EXPECT_TRUE(run.ok()) << run.error();
  return run.ok() ? *run : RunRecord{};
}

}  // namespace servebench::report
