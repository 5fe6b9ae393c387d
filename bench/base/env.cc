// The process environment behind EnvLookup.
#include "bench/base/env.h"

#include <cstdlib>

namespace servebench {

EnvLookup ProcessEnv() {
  return [](const char* name) { return std::getenv(name); };
}

std::optional<std::string> EnvValue(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace servebench
