// Running a suite binary in a child process and reading its outputs.
#include "suites/suite_run_test_util.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench/base/runfiles.h"
#include "testing/files.h"

namespace servebench {

Result<Subprocess> StartCoreSuite(const std::string& dir, EnvOverrides env) {
  auto binary = Runfile("suites/core");
  if (!binary.ok()) return binary;
  // Settings of the environment this test runs in must not leak into the
  // suite under test.
  for (const char* name :
       {"BENCH_URL", "BENCH_PORT", "BENCH_MODEL", "BENCH_MAX_MODEL_LEN",
        "BENCH_SUITE_FILE", "BENCH_ENDPOINT", "BENCH_API_KEY", "BENCH_SIM",
        "BENCH_SIM_FLAGS", "BENCH_LOG_FILE", "BENCH_BASELINE",
        "BENCH_READY_TIMEOUT", "BENCH_CONNECT_TIMEOUT", "BENCH_STALL_TIMEOUT",
        "BENCH_WARMUP_RUNS", "BENCH_RUNS", "BENCH_MAX_RUNS",
        "BENCH_INCONCLUSIVE", "BENCH_ALLOW_MISMATCH", "BENCH_CONTAINER",
        "BENCH_CONTAINER_RUNTIME", "BENCH_LOG_CMD", "BENCH_LOG_CMD_TIMEOUT",
        "BENCH_METRICS", "BENCH_HISTORY", "BENCH_LABELS", "BENCH_DCGM_URL",
        "BENCH_GPU_CMD", "BENCH_GPU_INTERVAL_MS",
        // This test's own Bazel and GoogleTest plumbing: the child must not
        // touch our premature-exit file, shard itself or apply our filter.
        "XML_OUTPUT_FILE", "TEST_PREMATURE_EXIT_FILE", "TEST_SHARD_INDEX",
        "TEST_TOTAL_SHARDS", "TEST_SHARD_STATUS_FILE", "GTEST_SHARD_INDEX",
        "GTEST_TOTAL_SHARDS", "GTEST_SHARD_STATUS_FILE", "GTEST_FILTER",
        "TESTBRIDGE_TEST_ONLY"}) {
    env.emplace(name, std::nullopt);
  }
  env["GTEST_OUTPUT"] = "xml:" + dir + "/test.xml";
  env.emplace("BENCH_RESULTS_FILE", dir + "/results.json");
  env["TEST_UNDECLARED_OUTPUTS_DIR"] = dir;
  SpawnOptions options;
  options.env = env;
  options.stdout_path = dir + "/stdout.txt";
  options.stderr_path = dir + "/stderr.txt";
  return Subprocess::Spawn({*binary}, options);
}

int RunCoreSuite(const std::string& dir, EnvOverrides env, double timeout_s) {
  auto process = StartCoreSuite(dir, std::move(env));
  if (!process.ok()) {
    ADD_FAILURE() << process.error();
    return -1;
  }
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(timeout_s);
  while (process->Running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "the suite did not finish within " << timeout_s
                    << " s (a hang); stderr so far:\n"
                    << test::ReadFileOrEmpty(dir + "/stderr.txt");
      return process->Terminate(5.0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return process->Wait();
}

std::map<std::string, std::string> Attributes(const pugi::xml_node& node) {
  std::map<std::string, std::string> out;
  for (const auto& a : node.attributes()) out[a.name()] = a.value();
  return out;
}

std::map<std::string, std::string> Properties(const pugi::xml_node& node) {
  std::map<std::string, std::string> out;
  for (const auto& p : node.child("properties").children("property")) {
    out[p.attribute("name").value()] = p.attribute("value").value();
  }
  return out;
}

std::string FirstFailure(const std::string& xml_path) {
  pugi::xml_document xml;
  if (!xml.load_file(xml_path.c_str())) return "(no XML at " + xml_path + ")";
  std::string all;
  for (const auto& test :
       xml.child("testsuites").child("testsuite").children("testcase")) {
    for (const auto& failure : test.children("failure")) {
      all += std::string(failure.attribute("message").value()) + "\n";
    }
  }
  return all;
}

std::string MiniCoreSuite(const std::string& dir) {
  const std::string path = dir + "/mini_core.toml";
  std::ofstream(path) << "[suite]\nname = \"core\"\nwarmup_runs = 1\nruns = 2\n"
                         "[[case]]\nisl = 1024\nosl = 128\ncategory = "
                         "\"prefill-heavy\"\nlabel = \"vLLM default\"\n"
                         "[[case]]\nisl = 128\nosl = 128\ncategory = "
                         "\"balanced\"\nlabel = \"micro\"\n";
  return path;
}

std::string WriteSuite(const std::string& dir,
                       const std::vector<std::pair<int, int>>& pairs,
                       const std::string& file_name,
                       const std::string& suite_keys) {
  const std::string path = dir + "/" + file_name;
  std::ofstream out(path);
  out << "[suite]\nname = \"core\"\nwarmup_runs = 1\nruns = 2\n" << suite_keys;
  for (const auto& [isl, osl] : pairs) {
    out << "[[case]]\nisl = " << isl << "\nosl = " << osl
        << "\ncategory = \"balanced\"\nlabel = \"e2e\"\n";
  }
  return path;
}

bool IsValidUtf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    int extra = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      const auto d = static_cast<unsigned char>(text[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      code = (code << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values beyond Unicode.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
        (extra == 3 && code < 0x10000) || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

pugi::xml_node SuiteRunOutput::Suite() const {
  return xml.child("testsuites").child("testsuite");
}

pugi::xml_node SuiteRunOutput::Case(const std::string& name) const {
  return Suite().find_child_by_attribute("testcase", "name", name.c_str());
}

std::string SuiteRunOutput::FailureMessage(const std::string& name) const {
  return Case(name).child("failure").attribute("message").value();
}

std::string SuiteRunOutput::SkipMessage(const std::string& name) const {
  return Case(name).child("skipped").attribute("message").value();
}

const rapidjson::Value* SuiteRunOutput::Result(int isl, int osl) const {
  if (!json.IsObject()) return nullptr;
  auto results = json.FindMember("results");
  if (results == json.MemberEnd() || !results->value.IsArray()) return nullptr;
  for (const auto& r : results->value.GetArray()) {
    auto i = r.FindMember("isl_target");
    auto o = r.FindMember("osl_target");
    if (i != r.MemberEnd() && o != r.MemberEnd() && i->value.IsInt() &&
        o->value.IsInt() && i->value.GetInt() == isl &&
        o->value.GetInt() == osl) {
      return &r;
    }
  }
  return nullptr;
}

std::string SuiteRunOutput::Everything() const {
  return stdout_text + "\n" + stderr_text + "\n" + xml_text + "\n" + json_text;
}

void ReadSuiteRunOutput(const std::string& dir, SuiteRunOutput& out) {
  out.stdout_text = test::ReadFileOrEmpty(dir + "/stdout.txt");
  out.stderr_text = test::ReadFileOrEmpty(dir + "/stderr.txt");
  out.xml_text = test::ReadFileOrEmpty(dir + "/test.xml");
  out.json_text = test::ReadFileOrEmpty(dir + "/results.json");
  out.xml_ok = static_cast<bool>(out.xml.load_string(out.xml_text.c_str()));
  out.json.Parse(out.json_text.data(), out.json_text.size());
  if (out.json.HasParseError()) out.json.SetNull();
}

}  // namespace servebench
