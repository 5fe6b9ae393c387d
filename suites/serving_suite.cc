// A serving benchmark suite as a value-parameterised GoogleTest: one case per
// ISL/OSL pair (and concurrency level) of the suite's TOML file. This file is
// only the adapter: SuiteRun (suite_run.h) measures, gates and saves each
// case; here its report becomes JUnit properties and assertions.
//
// The suite file is compiled in by the serving_suite() macro
// (SERVEBENCH_SUITE_FILE) and may be replaced with BENCH_SUITE_FILE.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/interrupt.h"
#include "matchers/regression_matchers.h"
#include "suites/junit_properties.h"
#include "suites/suite_run.h"

#ifndef SERVEBENCH_SUITE_FILE
#error \
    "SERVEBENCH_SUITE_FILE must name the suite's TOML file (see suites/serving_suite.bzl)"
#endif

namespace servebench {

// A test parameter: one case of the suite, or, when the suite file cannot
// be used, the reason (one case then fails with it, so the error reaches the
// test log and the JUnit XML).
struct SuiteCase {
  std::optional<CaseSpec> spec;
  std::string suite_error;
};

// How GoogleTest shows a case's parameter (value_param in the XML).
void PrintTo(const SuiteCase& c, std::ostream* out) {
  if (!c.spec) {
    *out << "invalid suite file";
    return;
  }
  *out << "ISL " << c.spec->isl << " / OSL " << c.spec->osl << " ("
       << c.spec->category << "): " << c.spec->label;
}

namespace {

void Progress(const std::string& line) {
  std::cerr << "servebench: " << line << std::endl;
}

std::vector<SuiteCase> CasesForGoogleTest() {
  auto suite = LoadRunSuite(SERVEBENCH_SUITE_FILE);
  if (!suite.ok()) return {SuiteCase{std::nullopt, suite.error()}};
  std::vector<SuiteCase> cases;
  for (const CaseSpec& spec : suite->cases) cases.push_back({spec, ""});
  return cases;
}

std::string CaseName(const testing::TestParamInfo<SuiteCase>& info) {
  return info.param.spec ? info.param.spec->Name() : "InvalidSuiteFile";
}

void Record(const Properties& properties) {
  for (const Property& p : properties) {
    testing::Test::RecordProperty(p.name, p.value);
  }
}

class ServingSuite : public testing::TestWithParam<SuiteCase> {
 public:
  static void SetUpTestSuite() {
    InstallInterruptHandlers();
    auto run = SuiteRun::Start(SERVEBENCH_SUITE_FILE, Progress);
    if (!run.ok()) {
      setup_error_ = run.error();
      Progress("cannot run the suite: " + run.error());
      return;
    }
    run_ = std::move(*run);
    // Recorded here, these attach to the <testsuite> element of the XML (as
    // attributes, in GoogleTest 1.12).
    Record(SuiteProperties(run_->Describe()));
  }

  static void TearDownTestSuite() {
    if (run_) std::cout << run_->Finish() << std::flush;
    run_.reset();
  }

 protected:
  static inline std::unique_ptr<SuiteRun> run_;
  static inline std::string setup_error_;
};

TEST_P(ServingSuite, Measure) {
  const SuiteCase& param = GetParam();
  if (!param.spec) {
    FAIL() << "the suite file cannot be used: " << param.suite_error;
  }
  Record(CaseIdentityProperties(*param.spec));
  if (!run_) FAIL() << setup_error_;

  const CaseReport report = run_->MeasureCase(*param.spec);
  Record(report.properties);
  if (report.save_error) {
    ADD_FAILURE() << "the results JSON could not be saved: "
                  << *report.save_error;
  }
  if (report.skipped) GTEST_SKIP() << *report.skipped;
  if (report.failure) FAIL() << *report.failure;
  if (report.gate) {
    EXPECT_THAT(report.gate->comparison,
                NoRegressionFrom(report.gate->expectation));
  }
  if (report.history_gate) {
    EXPECT_THAT(report.history_gate->comparison,
                NoRegressionFrom(report.history_gate->expectation));
  }
}

INSTANTIATE_TEST_SUITE_P(Suite, ServingSuite,
                         testing::ValuesIn(CasesForGoogleTest()), CaseName);

}  // namespace
}  // namespace servebench
