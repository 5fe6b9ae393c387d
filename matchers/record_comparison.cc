// Comparison figures as formatted test properties.
#include "matchers/record_comparison.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace servebench {
namespace {

std::string Fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

}  // namespace

void RecordComparison(const Comparison& comparison) {
  for (const auto& m : comparison.metrics) {
    const std::string name = Info(m.metric).name;
    testing::Test::RecordProperty(name + "_baseline", Fixed(m.baseline, 3));
    testing::Test::RecordProperty(name + "_change_pct", Fixed(m.change_pct, 2));
    testing::Test::RecordProperty(name + "_verdict", VerdictName(m.verdict));
  }
  testing::Test::RecordProperty("verdict", VerdictName(comparison.Overall()));
}

}  // namespace servebench
