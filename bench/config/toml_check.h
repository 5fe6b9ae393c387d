// Helpers for reading TOML files with TOML++: a check of the text before it
// is parsed, and messages that point at file:line.
//
// Shared by the loaders of suites and baselines so that every TOML file the
// project reads reports mistakes the same way: "file:line: unknown key "rusn"
// in [suite] (did you mean "runs"?); known keys: ...".
#ifndef SERVEBENCH_BENCH_TOML_CHECK_H_
#define SERVEBENCH_BENCH_TOML_CHECK_H_

#include <toml++/toml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/files.h"
#include "bench/base/result.h"

namespace servebench {

// Checks a suite or baseline file's text before TOML++ parses it, and fails
// with "source:line: ..." saying what to change on:
//  - a non-ASCII character outside strings and comments (TOML allows only
//    ASCII there; a byte-order mark at the very start is fine);
//  - in a multi-line basic string ("""..."""), a character that makes
//    TOML++ 3.3.0 (Debian 12) reach unreachable code when it asks whether it
//    is whitespace (upstream issues 190 and 295, fixed by PR 305): right after
//    a backslash, or as the first character after a line-ending backslash.
// Debian's TOML++ is undefined behaviour on such text (a crash under the
// sanitizers), so nothing of it may reach toml::parse. Anything else, valid
// or not, is left for TOML++ to judge.
Status CheckTomlText(std::string_view text, const std::string& source);

// CheckTomlText, then TOML++'s parse: the document's root table, or
// "source:line: what TOML++ objects to".
Result<toml::table> ParseToml(std::string_view text, const std::string& source);

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

// Reads the file at `path` and returns `parse(text, path)`. A file that cannot
// be read fails with ReadFile's message and the question "is it `what` you
// meant?" (`what` is e.g. "the suite file"), since a wrong path is the usual
// cause.
template <typename Parse>
auto ParseTomlFile(const std::string& path, const std::string& what,
                   Parse parse) -> decltype(parse(std::string(), path)) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    return Error{text.error() + "; is it " + what + " you meant?"};
  }
  return parse(*text, path);
}

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_TOML_CHECK_H_
