// Declaring a tool's CLI11 options one way: with the default shown in
// --help, and refused unless a check passes. Header-only; the tools that
// use it depend on CLI11 themselves.
#ifndef SERVEBENCH_BENCH_BASE_CLI_OPTIONS_H_
#define SERVEBENCH_BENCH_BASE_CLI_OPTIONS_H_

#include <string>

#include "CLI/CLI.hpp"

namespace servebench {

// An option bound to `value` whose --help shows its current value as the
// default.
template <typename T>
CLI::Option* AddShown(CLI::App& app, const std::string& name, T& value,
                      const std::string& help) {
  return app.add_option(name, value, help)->capture_default_str();
}

// AddShown, refused unless `check` (CLI::Range, CLI::NonNegativeNumber, ...)
// passes.
template <typename T>
CLI::Option* AddChecked(CLI::App& app, const std::string& name, T& value,
                        const std::string& help, const CLI::Validator& check) {
  return AddShown(app, name, value, help)->check(check);
}

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_CLI_OPTIONS_H_
