// Python-repr-like rendering of Prometheus sample values.
#include "tools/sim/prom_float.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace servebench::sim {

std::string PromFloat(double value) {
  char text[64];
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof(text), "%.1f", value);
    return text;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

}  // namespace servebench::sim
