// error_budget: drives the simulated server at known TTFT/TPOT with the
// closed-loop client at rising concurrency and prints how far the client's
// figures are from the truth, and what the client cost doing it.
//
//   bazel run //tools/error_budget -- [--quick]
//
// Not a test: the figures depend on the machine. Record them in README.md.
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/load/closed_loop.h"
#include "bench/protocol/request_body.h"
#include "tools/sim/launcher/simulated_server.h"
#include "tools/error_budget/error_figures.h"

namespace servebench {
namespace {

constexpr double kTtftMs = 50;
constexpr double kStepMs = 10;
// A multiple of 3, so chunk size 3 has no partial last step.
constexpr int kMaxTokens = 63;
constexpr char kModel[] = "servebench/sim-llama-8b";

struct Level {
  int concurrency;
  int requests;
};

// Full: several waves per level; quick: about one.
std::vector<Level> Levels(bool quick) {
  if (quick) return {{1, 3}, {16, 16}, {256, 256}, {1024, 1024}};
  return {{1, 10}, {16, 64}, {256, 512}, {1024, 2048}};
}

// Each stream needs a socket in this process and one in the simulator, which
// inherits the limit when it is started.
void RaiseFileLimit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return;
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
}

double PeakRssMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // kilobytes on Linux
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      return line.substr(line.find(':') + 2);
    }
  }
  return "unknown CPU";
}

std::string Fmt(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

void PrintRow(const Level& level, int chunk, const LoadResult& result,
              const ErrorFigures& e) {
  std::printf(
      "| %5d | %5d | %5d (%d failed) | %5.2f | %s | %s ms (%s%%) | %s ms "
      "(%s%%) | %s | %s | %s | %s%% | %s | %s |\n",
      level.concurrency, chunk, e.requests, e.failed, e.tokens_per_chunk,
      e.output_tps ? Fmt("%.0f", *e.output_tps).c_str() : "-",
      Fmt("%.2f", e.ttft_abs_ms).c_str(), Fmt("%.1f", e.ttft_rel * 100).c_str(),
      Fmt("%.3f", e.tpot_abs_ms).c_str(), Fmt("%.1f", e.tpot_rel * 100).c_str(),
      e.itl_p99_inflation_ms ? Fmt("%.2f", *e.itl_p99_inflation_ms).c_str()
                             : "-",
      Fmt("%.1f", e.cpu_us_per_token).c_str(),
      Fmt("%.2f", result.client.lag_p99_ms).c_str(),
      Fmt("%.0f", result.client.cpu_fraction * 100).c_str(),
      Fmt("%.0f", PeakRssMib()).c_str(),
      result.client_overloaded ? "**yes**" : "no");
  std::fflush(stdout);
}

// Runs every level against one simulator; false when it could not start.
bool RunChunkSize(int chunk, bool quick, const std::string& log_dir) {
  std::string flags = "--ttft-base-ms " + Fmt("%g", kTtftMs) +
                      " --prefill-us-per-token 0 --tpot-ms " +
                      Fmt("%g", kStepMs) + " --early-stop-fraction 0";
  if (chunk == 3) flags += " --spec-tokens 2 --spec-acceptance 1";
  auto sim = SimulatedServer::Start(
      flags, log_dir + "/sim_chunk" + std::to_string(chunk) + ".log");
  if (!sim.ok()) {
    if (chunk == 3) {
      std::printf("chunk size 3: simulator lacks --spec-tokens (%s)\n",
                  sim.error().c_str());
    } else {
      std::printf("chunk size %d: %s\n", chunk, sim.error().c_str());
    }
    return false;
  }
  for (const Level& level : Levels(quick)) {
    LoadOptions options;
    options.base_url = sim->url();
    options.concurrency = level.concurrency;
    options.total_requests = level.requests;
    options.stall_timeout_s = 60;
    const std::string nonce =
        std::to_string(chunk) + "-" + std::to_string(level.concurrency) + "-";
    auto result = RunClosedLoop(options, [&nonce](int index) {
      return BuildStreamingRequest(
          Endpoint::kChatCompletions, kModel,
          "Request " + nonce + std::to_string(index) + ": say something.",
          kMaxTokens);
    });
    if (!result.ok()) {
      std::printf("| %5d | %5d | %s |\n", level.concurrency, chunk,
                  result.error().c_str());
      continue;
    }
    const ErrorFigures e =
        ComputeErrorFigures(*result, Truth{kTtftMs, kStepMs});
    PrintRow(level, chunk, *result, e);
    for (const RequestRecord& r : result->requests) {
      if (!r.ok()) {
        std::printf("  first failure: request %d: %s\n", r.index,
                    r.error.c_str());
        break;
      }
    }
  }
  sim->Stop();
  return true;
}

int Main(int argc, char** argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else {
      std::fprintf(stderr, "usage: error_budget [--quick]\n");
      return 2;
    }
  }
  RaiseFileLimit();
  const std::string log_dir =
      std::filesystem::temp_directory_path().string() + "/error_budget";
  std::filesystem::create_directories(log_dir);

  std::printf("# Client error budget (%s run)\n\n", quick ? "quick" : "full");
  std::printf(
      "Machine: %u CPUs (nproc), %s; simulator and client share them.\n",
      std::thread::hardware_concurrency(), CpuModel().c_str());
  std::printf(
      "Truth: TTFT %g ms (no prefill cost per token), one decode step every "
      "%g ms emitting `chunk` tokens, %d output tokens per request.\n"
      "TPOT truth = step x (chunks - 1) / (tokens - 1), what the seed formula "
      "gives on a perfect clock (%g ms for chunk 1, %.2f ms for chunk 3).\n",
      kTtftMs, kStepMs, kMaxTokens, kStepMs,
      kStepMs * (kMaxTokens / 3 - 1) / (kMaxTokens - 1));
  std::printf(
      "Errors are what the client observed minus the truth: they include the "
      "simulator's own timer lateness (one asio thread writing every stream) "
      "and loopback latency, not only the client's. RSS is the process peak "
      "so far.\n\n");
  std::printf(
      "| conc | chunk | requests | tok/chunk | out tok/s | TTFT err (mean abs, "
      "rel) | TPOT err (mean abs, rel) | ITL p99 - truth (ms) | client CPU "
      "us/token | lag p99 (ms) | client CPU | peak RSS (MiB) | overloaded |\n");
  std::printf(
      "|---:|---:|---|---:|---:|---|---|---:|---:|---:|---:|---:|---|\n");
  std::fflush(stdout);
  const bool chunk1 = RunChunkSize(1, quick, log_dir);
  RunChunkSize(3, quick, log_dir);
  return chunk1 ? 0 : 1;
}

}  // namespace
}  // namespace servebench

int main(int argc, char** argv) { return servebench::Main(argc, argv); }
