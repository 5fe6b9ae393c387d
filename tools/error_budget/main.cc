// error_budget: drives the simulated server at known TTFT/TPOT with the
// closed-loop client at rising concurrency and prints how far the client's
// figures are from the truth, and what the client cost doing it.
//
//   bazel run //tools/error_budget -- [--quick] [--sim-threads N]
//       [--sim-cpus LIST] [--client-cpus LIST] [--sim-url URL]
//
// --sim-threads passes --threads N to the simulator; --sim-cpus and
// --client-cpus (e.g. "1" or "0-1") pin the simulator and this client to
// those CPUs (sched_setaffinity, inherited by the simulator at spawn, like
// `taskset -c LIST`). Each row also shows the simulator's own lateness over
// that level, read from its GET /sim/lateness. --sim-url drives a simulator
// started by hand (under a profiler, say) with --ttft-base-ms 50
// --prefill-us-per-token 0 --tpot-ms 10 --early-stop-fraction 0: chunk-1
// rows only.
//
// Not a test: the figures depend on the machine. Record them in README.md.
#include <sched.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/load/closed_loop.h"
#include "bench/protocol/request_body.h"
#include "tools/error_budget/error_figures.h"
#include "tools/error_budget/sim_lateness.h"
#include "tools/sim/launcher/simulated_server.h"

namespace servebench {
namespace {

constexpr double kTtftMs = 50;
constexpr double kStepMs = 10;
// A multiple of 3, so chunk size 3 has no partial last step.
constexpr int kMaxTokens = 63;
constexpr char kModel[] = "servebench/sim-llama-8b";

struct Options {
  bool quick = false;
  int sim_threads = 0;       // 0: do not pass --threads
  int client_threads = 1;    // the load driver's event-loop threads
  int only_concurrency = 0;  // 0: every level
  std::string sim_cpus;
  std::string client_cpus;
  // A simulator already running (e.g. under a profiler), started with the
  // truth's flags: only the chunk-1 rows are run against it.
  std::string sim_url;
};

// "0", "0,2" or "0-3" as a CPU set; false when malformed.
bool ParseCpuList(const std::string& text, cpu_set_t& set) {
  CPU_ZERO(&set);
  size_t at = 0;
  int count = 0;
  while (at < text.size()) {
    size_t end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(at, end - at);
    const size_t dash = item.find('-');
    try {
      const int first = std::stoi(item.substr(0, dash));
      const int last =
          dash == std::string::npos ? first : std::stoi(item.substr(dash + 1));
      if (first < 0 || last < first || last >= CPU_SETSIZE) return false;
      for (int cpu = first; cpu <= last; ++cpu) CPU_SET(cpu, &set);
      count += last - first + 1;
    } catch (const std::exception&) {
      return false;
    }
    at = end + 1;
  }
  return count > 0;
}

// Pins the calling thread (and what it spawns) to `cpus`; "" means every CPU.
bool Pin(const std::string& cpus) {
  cpu_set_t set;
  if (cpus.empty()) {
    CPU_ZERO(&set);
    for (unsigned cpu = 0; cpu < std::thread::hardware_concurrency(); ++cpu) {
      CPU_SET(cpu, &set);
    }
  } else if (!ParseCpuList(cpus, set)) {
    return false;
  }
  return sched_setaffinity(0, sizeof(set), &set) == 0;
}

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

std::string LatenessCells(const std::optional<SimLateness>& sim) {
  if (!sim) return "- | -";
  char text[128];
  std::snprintf(text, sizeof text, "%.3f / %.3f / %.3f | %.3f",
                sim->chunk_p50_ms, sim->chunk_p99_ms, sim->chunk_max_ms,
                sim->first_token_p99_ms);
  return text;
}

// The client's own TTFT error: the mean error less the simulator's mean
// first-token lateness (the server answering late is not the client's).
std::string ClientTtftCell(const ErrorFigures& e,
                           const std::optional<SimLateness>& sim) {
  if (!sim) return "-";
  return Fmt("%.2f", e.ttft_mean_error_ms - sim->first_token_mean_ms);
}

void PrintRow(const Level& level, int chunk, const LoadResult& result,
              const ErrorFigures& e, const std::optional<SimLateness>& sim) {
  std::printf(
      "| %5d | %5d | %5d (%d failed) | %5.2f | %s | %s ms (%s%%) | %s | %s ms "
      "(%s%%) | %s | %s | %s | %s | %s%% | %s | %s | %s |\n",
      level.concurrency, chunk, e.requests, e.failed, e.tokens_per_chunk,
      e.output_tps ? Fmt("%.0f", *e.output_tps).c_str() : "-",
      Fmt("%.2f", e.ttft_abs_ms).c_str(), Fmt("%.1f", e.ttft_rel * 100).c_str(),
      ClientTtftCell(e, sim).c_str(), Fmt("%.3f", e.tpot_abs_ms).c_str(),
      Fmt("%.1f", e.tpot_rel * 100).c_str(),
      e.itl_p99_inflation_ms ? Fmt("%.2f", *e.itl_p99_inflation_ms).c_str()
                             : "-",
      Fmt("%.1f", e.cpu_us_per_chunk).c_str(),
      Fmt("%.1f", e.cpu_us_per_token).c_str(),
      Fmt("%.2f", result.client.lag_p99_ms).c_str(),
      Fmt("%.0f", result.client.cpu_fraction * 100).c_str(),
      Fmt("%.0f", PeakRssMib()).c_str(),
      result.client_overloaded ? "**yes**" : "no", LatenessCells(sim).c_str());
  std::fflush(stdout);
}

// Runs every level against one simulator; false when it could not start.
bool RunChunkSize(int chunk, const Options& opts, const std::string& log_dir) {
  std::string flags = "--ttft-base-ms " + Fmt("%g", kTtftMs) +
                      " --prefill-us-per-token 0 --tpot-ms " +
                      Fmt("%g", kStepMs) + " --early-stop-fraction 0";
  if (chunk == 3) flags += " --spec-tokens 2 --spec-acceptance 1";
  if (opts.sim_threads > 0) {
    flags += " --threads " + std::to_string(opts.sim_threads);
  }
  std::optional<Result<SimulatedServer>> sim;
  std::string url = opts.sim_url;
  if (url.empty()) {
    // The simulator inherits the affinity it is spawned with.
    Pin(opts.sim_cpus);
    sim.emplace(SimulatedServer::Start(
        flags, log_dir + "/sim_chunk" + std::to_string(chunk) + ".log"));
    Pin(opts.client_cpus);
    if (!sim->ok()) {
      if (chunk == 3) {
        std::printf("chunk size 3: simulator lacks --spec-tokens (%s)\n",
                    sim->error().c_str());
      } else {
        std::printf("chunk size %d: %s\n", chunk, sim->error().c_str());
      }
      return false;
    }
    url = (*sim)->url();
  } else {
    Pin(opts.client_cpus);
  }
  for (const Level& level : Levels(opts.quick)) {
    if (opts.only_concurrency > 0 &&
        level.concurrency != opts.only_concurrency) {
      continue;
    }
    LoadOptions options;
    options.base_url = url;
    options.concurrency = level.concurrency;
    options.total_requests = level.requests;
    options.stall_timeout_s = 60;
    options.threads = opts.client_threads;
    const std::string nonce =
        std::to_string(chunk) + "-" + std::to_string(level.concurrency) + "-";
    ResetSimLateness(url);
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
    const std::optional<SimLateness> lateness = ReadSimLateness(url);
    const ErrorFigures e =
        ComputeErrorFigures(*result, Truth{kTtftMs, kStepMs});
    PrintRow(level, chunk, *result, e, lateness);
    for (const RequestRecord& r : result->requests) {
      if (!r.ok()) {
        std::printf("  first failure: request %d: %s\n", r.index,
                    r.error.c_str());
        break;
      }
    }
  }
  if (sim) (*sim)->Stop();
  return true;
}

int Main(int argc, char** argv) {
  Options opts;
  CLI::App app{"The load client's error budget against the simulator"};
  app.add_flag("--quick", opts.quick, "about one wave per level");
  app.add_option("--sim-threads", opts.sim_threads,
                 "the simulator's --threads (0: its default)")
      ->check(CLI::Range(0, 256));
  app.add_option("--client-threads", opts.client_threads,
                 "the closed loop's threads")
      ->check(CLI::Range(1, 256));
  app.add_option("--only", opts.only_concurrency,
                 "only this concurrency level");
  app.add_option("--sim-cpus", opts.sim_cpus,
                 "pin the simulator, e.g. 1 or 0-1");
  app.add_option("--client-cpus", opts.client_cpus, "pin the client, e.g. 0");
  app.add_option("--sim-url", opts.sim_url,
                 "drive a simulator already running (one-token rows only)");
  CLI11_PARSE(app, argc, argv);
  cpu_set_t check;
  if ((!opts.sim_cpus.empty() && !ParseCpuList(opts.sim_cpus, check)) ||
      (!opts.client_cpus.empty() && !ParseCpuList(opts.client_cpus, check))) {
    std::fprintf(stderr,
                 "error_budget: --sim-cpus/--client-cpus take a CPU list "
                 "such as 1 or 0-1\n");
    return 2;
  }
  const bool quick = opts.quick;
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
      "simulator's own lateness (shown in the last two columns, from its "
      "/sim/lateness, when it has them) and loopback latency, not only the "
      "client's. RSS is the process peak so far.\n");
  std::printf(
      "Simulator: --threads %s, CPUs %s; client: %d event-loop thread(s), "
      "CPUs %s.\n\n",
      opts.sim_threads > 0 ? std::to_string(opts.sim_threads).c_str()
                           : "(its default)",
      opts.sim_cpus.empty() ? "all" : opts.sim_cpus.c_str(),
      opts.client_threads,
      opts.client_cpus.empty() ? "all" : opts.client_cpus.c_str());
  std::printf(
      "| conc | chunk | requests | tok/chunk | out tok/s | TTFT err (mean abs, "
      "rel) | client's own TTFT err (ms) | TPOT err (mean abs, rel) | ITL p99 "
      "- truth (ms) | client CPU us/chunk | client CPU us/token | lag p99 (ms) "
      "| client CPU | peak RSS (MiB) | overloaded | "
      "sim "
      "chunk lateness p50 / p99 / max (ms) | sim first-token lateness p99 "
      "(ms) |\n");
  std::printf(
      "|---:|---:|---|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---|"
      "---|---:|"
      "\n");
  std::fflush(stdout);
  const bool chunk1 = RunChunkSize(1, opts, log_dir);
  if (opts.sim_url.empty()) RunChunkSize(3, opts, log_dir);
  return chunk1 ? 0 : 1;
}

}  // namespace
}  // namespace servebench

int main(int argc, char** argv) { return servebench::Main(argc, argv); }
