// Numbers in Prometheus text exposition, as prometheus_client (Python)
// prints them.
#ifndef SERVEBENCH_TOOLS_SIM_PROM_FLOAT_H_
#define SERVEBENCH_TOOLS_SIM_PROM_FLOAT_H_

#include <string>

namespace servebench::sim {

// A number as prometheus_client prints it with Python's repr(): integral
// values with ".0" (1200 -> "1200.0"), others as the shortest text that
// round-trips (0.00005 -> "5e-05").
std::string PromFloat(double value);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_PROM_FLOAT_H_
