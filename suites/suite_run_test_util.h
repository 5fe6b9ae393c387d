// Helpers for end-to-end tests that run a suite binary (//suites:core) as a
// child process and read what users consume: its JUnit XML, its results
// JSON, its stdout and stderr.
#ifndef SERVEBENCH_SUITES_SUITE_RUN_TEST_UTIL_H_
#define SERVEBENCH_SUITES_SUITE_RUN_TEST_UTIL_H_

#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/base/subprocess.h"
#include "testing/files.h"

namespace servebench {

using EnvOverrides = std::map<std::string, std::optional<std::string>>;

// Starts //suites:core with `env` on top of an environment cleared of every
// BENCH_* setting, writing into `dir`: test.xml (JUnit), results.json,
// stdout.txt, stderr.txt.
Result<Subprocess> StartCoreSuite(const std::string& dir, EnvOverrides env);

// StartCoreSuite, then waits at most `timeout_s`: a suite still running then
// is a hang, reported as a test failure and ended with SIGTERM (then
// SIGKILL). Returns the exit code (128 + signal for a signal).
int RunCoreSuite(const std::string& dir, EnvOverrides env,
                 double timeout_s = 300);

// Attributes of an XML element (GoogleTest 1.12 writes suite-level
// properties as <testsuite> attributes).
std::map<std::string, std::string> Attributes(const pugi::xml_node& node);
// The <property> children of a <testcase>.
std::map<std::string, std::string> Properties(const pugi::xml_node& node);

// Every <failure> message of the first <testsuite>, one per line.
std::string FirstFailure(const std::string& xml_path);

// A two-pair suite named "core" (1024/128 and 128/128) whose pairs are in
// baselines/sim.toml.
std::string MiniCoreSuite(const std::string& dir);

// Writes a suite TOML named "core" (one warm-up, two runs, plus
// `suite_keys`, e.g. "continuous_usage = false\n", in [suite]) with the
// given ISL/OSL pairs to dir/<file_name> and returns its path.
std::string WriteSuite(const std::string& dir,
                       const std::vector<std::pair<int, int>>& pairs,
                       const std::string& file_name = "suite.toml",
                       const std::string& suite_keys = "");

// Whether `text` is well-formed UTF-8 (what strict XML and JSON readers
// require).
bool IsValidUtf8(const std::string& text);

// What one suite run left behind, parsed.
struct SuiteRunOutput {
  int exit_code = -1;
  double seconds = 0;  // wall time of the run
  std::string stdout_text, stderr_text, xml_text, json_text;
  bool xml_ok = false;
  pugi::xml_document xml;
  rapidjson::Document json;  // kNullType when absent or unparsable

  // The <testsuite> element, the <testcase> named e.g.
  // "Measure/Isl128Osl32", and its failure or skip message ("" if none).
  pugi::xml_node Suite() const;
  pugi::xml_node Case(const std::string& name) const;
  std::string FailureMessage(const std::string& name) const;
  std::string SkipMessage(const std::string& name) const;
  // The results JSON entry of ISL/OSL, or null.
  const rapidjson::Value* Result(int isl, int osl) const;
  // Every file a user may see, concatenated (for secrets and crash text).
  std::string Everything() const;
};

// Reads what a run in `dir` left behind.
void ReadSuiteRunOutput(const std::string& dir, SuiteRunOutput& out);

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_SUITE_RUN_TEST_UTIL_H_
