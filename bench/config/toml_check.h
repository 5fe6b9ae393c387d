// Helpers for reading TOML++ tables with messages that point at file:line.
//
// Shared by the loaders of suites and baselines so that every TOML file the
// project reads reports mistakes the same way: "file:line: unknown key "rusn"
// in [suite] (did you mean "runs"?); known keys: ...".
#ifndef SERVEBENCH_BENCH_TOML_CHECK_H_
#define SERVEBENCH_BENCH_TOML_CHECK_H_

#include <toml++/toml.h>

#include <cstddef>
#include <string>
#include <vector>

#include "bench/base/result.h"

namespace servebench {

// Levenshtein distance: the number of single-character edits from a to b.
size_t EditDistance(const std::string& a, const std::string& b);

// The entry of `known` closest to `name`, or "" when none is close enough to
// be a plausible typo (distance 3 or more) or `name` plus a suffix ("ttft" for
// "ttft_ms").
std::string NearestKey(const std::string& name,
                       const std::vector<std::string>& known);

// "source:line" of a node, for the start of a message.
std::string Where(const std::string& source, const toml::node& node);

// A node's value as the user wrote it, for messages: 5, "5", true, a table.
std::string Describe(const toml::node& node);

// Fails on the first key of `table` not in `known`, naming it, the section
// (e.g. "[suite]" or "[[case]] #2"), the nearest known key and all of them.
Status CheckKeys(const toml::table& table,
                 const std::vector<std::string>& known,
                 const std::string& source, const std::string& section);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_TOML_CHECK_H_
