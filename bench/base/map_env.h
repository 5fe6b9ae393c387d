// An EnvLookup over a fixed map of variables: how settings code is run in
// tests without touching the process environment.
#ifndef SERVEBENCH_BENCH_BASE_MAP_ENV_H_
#define SERVEBENCH_BENCH_BASE_MAP_ENV_H_

#include <map>
#include <string>

#include "bench/base/env.h"

namespace servebench {

// Looks names up in `vars` (a copy the lookup owns); any other name is unset.
EnvLookup MapEnv(std::map<std::string, std::string> vars);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_MAP_ENV_H_
