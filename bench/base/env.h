// Reading environment variables through an injectable lookup, so settings
// code is tested with a map instead of the process environment.
#ifndef SERVEBENCH_BENCH_BASE_ENV_H_
#define SERVEBENCH_BENCH_BASE_ENV_H_

#include <functional>
#include <optional>
#include <string>

namespace servebench {

// Like std::getenv: the value, or null when the variable is not set.
using EnvLookup = std::function<const char*(const char*)>;

// The process environment (std::getenv).
EnvLookup ProcessEnv();

// The variable's value, or nullopt when it is unset or empty.
std::optional<std::string> EnvValue(const EnvLookup& env, const char* name);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_ENV_H_
