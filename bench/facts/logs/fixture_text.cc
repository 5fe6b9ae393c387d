// Reads the server-log fixtures for tests; see fixture_text.h.
#include "bench/facts/logs/fixture_text.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "testing/files.h"

namespace servebench::server_logs {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool IsAnnotation(std::string_view line) {
  return StartsWith(line, "#") && !StartsWith(line, "# GPU blocks:") &&
         !StartsWith(line, "# cuda blocks:");
}

bool IsExcerptHeading(std::string_view line) {
  return StartsWith(line, "# Source") || StartsWith(line, "# sample") ||
         StartsWith(line, "# ----");
}

std::string ReadFile(std::string_view file) {
  return test::ReadFileOrFail("bench/facts/logs/testdata/" + std::string(file));
}

}  // namespace

std::string FixtureLog(std::string_view file) {
  std::istringstream in(ReadFile(file));
  std::string log;
  for (std::string line; std::getline(in, line);) {
    if (!IsAnnotation(line)) log += line + "\n";
  }
  return log;
}

std::string FixtureExcerpt(std::string_view file, std::string_view heading) {
  const std::string prefix = "# " + std::string(heading);
  std::istringstream in(ReadFile(file));
  std::string log;
  bool inside = false;
  bool found = false;
  for (std::string line; std::getline(in, line);) {
    if (IsAnnotation(line)) {
      if (StartsWith(line, prefix)) {
        inside = found = true;
      } else if (IsExcerptHeading(line)) {
        inside = false;
      }
      continue;
    }
    if (inside) log += line + "\n";
  }
  if (!found) ADD_FAILURE() << file << " has no excerpt \"" << prefix << "\"";
  if (found && log.empty()) {
    ADD_FAILURE() << file << " excerpt \"" << prefix << "\" has no log line";
  }
  return log;
}

}  // namespace servebench::server_logs
