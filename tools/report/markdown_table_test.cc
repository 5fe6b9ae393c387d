// The regime tables: the energy column appears only when a case measured it.
#include "tools/report/markdown_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tools/report/key_findings.h"

namespace servebench::report {
namespace {

using testing::HasSubstr;
using testing::Not;

RunRecord TwoCases() {
  RunRecord run;
  for (int64_t osl : {128, 256}) {
    RunCase c;
    c.name = "Isl128Osl" + std::to_string(osl);
    c.isl = 128;
    c.osl = osl;
    c.category = "balanced";
    c.status = "passed";
    c.means[Metric::kDecodeTps] = 250;
    run.cases.push_back(c);
  }
  return run;
}

TEST(RegimeTablesTest, NoEnergyColumnWithoutAGpuSource) {
  const std::string text = RegimeTables(TwoCases(), nullptr);
  EXPECT_THAT(text, Not(HasSubstr("Energy")));
  EXPECT_THAT(KeyFindings(TwoCases(), nullptr), Not(HasSubstr("energy")));
}

TEST(RegimeTablesTest, EnergyColumnWhenACaseMeasuredIt) {
  RunRecord run = TwoCases();
  run.cases[1].means[Metric::kEnergyPerOutputTokenJ] = 0.012345;
  const std::string text = RegimeTables(run, nullptr);
  EXPECT_THAT(text, HasSubstr("| E2E (tok/s) | Energy (J/token) | ISL actual"));
  // The case without it says so.
  EXPECT_THAT(text, HasSubstr("| n/a | n/a | n/a | passed |"));
  EXPECT_THAT(text, HasSubstr("| 0.0123 |"));
  EXPECT_THAT(KeyFindings(run, nullptr),
              HasSubstr("- Best (lowest) energy per output token: 0.0123 "
                        "J/token at ISL 128 / OSL 256"));
}

}  // namespace
}  // namespace servebench::report
