// The two GPU sources: a DCGM exporter polled over HTTP, and a sampling
// command whose output is read line by line.
#include "bench/facts/gpu/gpu_sampler.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <thread>
#include <utility>

#include "bench/facts/logs/captured_command.h"
#include "bench/facts/logs/log_source.h"

extern char** environ;

namespace servebench {
namespace {

constexpr size_t kMaxLineBytes = 4096;
constexpr int kMinIntervalMs = 20;
constexpr int kMaxIntervalMs = 60000;

// ---- DCGM exporter -------------------------------------------------------

class DcgmSampler : public GpuSampler {
 public:
  DcgmSampler(std::string url, ClientOptions options, int interval_ms)
      : url_(std::move(url)),
        options_(options),
        client_(options),
        interval_ms_(interval_ms) {
    source_ = "DCGM exporter " + url_;
  }
  ~DcgmSampler() override {
    {
      std::lock_guard<std::mutex> lock(stop_mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // The first reading: an error when nothing usable answers.
  Status First() {
    std::string problem;
    if (!Scrape(client_, &problem)) return Error{problem};
    thread_ = std::thread([this] { Loop(); });
    return Ok{};
  }

  void Mark() override {
    std::lock_guard<std::mutex> lock(client_mutex_);
    std::string problem;
    if (!Scrape(client_, &problem)) NoteFailure(problem);
  }

 private:
  // One scrape into the series; false (with why) when it gave no reading.
  bool Scrape(HttpClient& client, std::string* problem) {
    auto response = client.Get(url_, 5);
    const Clock::time_point at = Clock::now();
    if (!response.ok()) {
      *problem = "cannot read " + url_ + ": " + response.error();
      return false;
    }
    if (response->status != 200) {
      *problem = url_ + " answered HTTP " + std::to_string(response->status);
      return false;
    }
    const std::vector<GpuReading> readings = ReadDcgmText(response->body);
    if (readings.empty()) {
      *problem = url_ +
                 " has no DCGM_FI_DEV_POWER_USAGE, "
                 "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION or DCGM_FI_DEV_FB_USED "
                 "series";
      return false;
    }
    AddReadings(readings, at);
    return true;
  }

  void NoteFailure(const std::string& problem) {
    if (++failures_ == 1) {
      AddWarning(problem + "; GPU figures may miss readings");
    }
  }

  void Loop() {
    HttpClient client(options_);  // this thread's own
    std::unique_lock<std::mutex> lock(stop_mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_),
                           [this] { return stop_; })) {
      lock.unlock();
      std::string problem;
      if (!Scrape(client, &problem)) NoteFailure(problem);
      lock.lock();
    }
  }

  const std::string url_;
  const ClientOptions options_;
  std::mutex client_mutex_;  // guards client_ (Mark)
  HttpClient client_;
  const int interval_ms_;
  std::atomic<int> failures_{0};
  std::mutex stop_mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// ---- Sampling command ----------------------------------------------------

class CommandSampler : public GpuSampler {
 public:
  explicit CommandSampler(std::vector<std::string> argv)
      : argv_(std::move(argv)), columns_(ColumnsFromArgv(argv_)) {
    source_ = "command " + JoinArgv(argv_);
  }
  ~CommandSampler() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (pid_ > 0) {
      // The command runs until told: end it and what it started.
      kill(-pid_, SIGTERM);
      for (int i = 0; i < 100; ++i) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
          pid_ = -1;
          break;
        }
        usleep(10000);
      }
      if (pid_ > 0) {
        kill(-pid_, SIGKILL);
        while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
        }
      }
    }
    if (fd_ >= 0) close(fd_);
  }

  Status Spawn() {
    const char* path_env = std::getenv("PATH");
    const std::optional<std::string> program =
        FindProgram(argv_[0], path_env != nullptr ? path_env : "/usr/bin:/bin");
    if (!program) {
      return Error{"cannot run BENCH_GPU_CMD `" + JoinArgv(argv_) +
                   "`: " + argv_[0] + " is not found or not executable"};
    }
    Result<PipedChild> child = SpawnPiped(*program, argv_, environ);
    if (!child.ok()) {
      return Error{"cannot run BENCH_GPU_CMD `" + JoinArgv(argv_) +
                   "`: " + child.error()};
    }
    pid_ = child->pid;
    fd_ = child->fd;
    thread_ = std::thread([this] { Read(); });
    return Ok{};
  }

  void Mark() override {}

 private:
  void Line(std::string_view line, Clock::time_point at) {
    const std::optional<GpuReading> reading = ParseCsvLine(line, columns_);
    if (!reading) {
      // Kept for the message if the command ends: its own words.
      other_output_ = std::string(line.substr(0, 300));
      return;
    }
    // A GPU seen again, or a pause, starts the next interval's batch.
    const bool seen = std::find(batch_ids_.begin(), batch_ids_.end(),
                                reading->id) != batch_ids_.end();
    const bool new_batch = batch_ids_.empty() || seen ||
                           MillisBetween(batch_start_, at) > kBatchGapMs;
    if (new_batch) {
      batch_ids_.clear();
      batch_start_ = at;
    }
    if (batch_ids_.size() < 256) batch_ids_.push_back(reading->id);
    AddReading(*reading, at, new_batch);
  }

  void Read() {
    std::string pending;
    char chunk[8192];
    bool dropping = false;  // inside an over-long line
    while (!stop_) {
      pollfd pfd{fd_, POLLIN, 0};
      if (poll(&pfd, 1, 100) <= 0) continue;
      const ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) break;  // the command closed its output
      const Clock::time_point at = Clock::now();
      for (ssize_t i = 0; i < n; ++i) {
        const char c = chunk[i];
        if (c == '\n') {
          if (!dropping) Line(pending, at);
          pending.clear();
          dropping = false;
        } else if (!dropping) {
          pending += c;
          if (pending.size() > kMaxLineBytes) {
            pending.clear();
            dropping = true;
          }
        }
      }
    }
    if (stop_) return;
    int status = 0;
    std::string how = "ended";
    if (waitpid(pid_, &status, 0) == pid_) {
      pid_ = -1;
      how = WIFEXITED(status)
                ? "exited with status " + std::to_string(WEXITSTATUS(status))
                : "was killed by signal " + std::to_string(WTERMSIG(status));
    }
    AddWarning("BENCH_GPU_CMD `" + JoinArgv(argv_) + "` " + how +
               (other_output_.empty()
                    ? ""
                    : " (it said " + QuoteOutput(other_output_, 200) + ")") +
               "; GPU figures after that are absent. The command must run "
               "until the suite ends, e.g. nvidia-smi with -lms 200");
  }

  static constexpr double kBatchGapMs = 100;
  const std::vector<std::string> argv_;
  const CsvColumns columns_;
  pid_t pid_ = -1;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  // Reader thread only.
  std::vector<std::string> batch_ids_;
  Clock::time_point batch_start_;
  std::string other_output_;
};

}  // namespace

GpuSourceSettings GpuSourceFromEnv(const EnvLookup& env) {
  GpuSourceSettings s;
  const std::optional<std::string> url = EnvValue(env, "BENCH_DCGM_URL");
  const std::optional<std::string> command = EnvValue(env, "BENCH_GPU_CMD");
  if (auto interval = EnvValue(env, "BENCH_GPU_INTERVAL_MS")) {
    int ms = 0;
    const auto [ptr, ec] = std::from_chars(
        interval->data(), interval->data() + interval->size(), ms);
    if (ec != std::errc() || ptr != interval->data() + interval->size() ||
        ms < kMinIntervalMs || ms > kMaxIntervalMs) {
      s.error = "BENCH_GPU_INTERVAL_MS=" + *interval +
                " is not a whole number of milliseconds from " +
                std::to_string(kMinIntervalMs) + " to " +
                std::to_string(kMaxIntervalMs);
      return s;
    }
    s.interval_ms = ms;
  }
  if (url) {
    const bool absolute =
        url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0;
    if (!absolute && url->front() != '/') {
      s.error = "BENCH_DCGM_URL=" + *url +
                " is neither an http(s) URL nor a path on the server "
                "(\"/...\"); e.g. http://gpu-box:9400/metrics";
      return s;
    }
    s.kind = GpuSourceSettings::Kind::kDcgm;
    s.dcgm_url = *url;
    if (command) {
      s.warnings.push_back("BENCH_GPU_CMD is ignored: BENCH_DCGM_URL is set");
    }
    return s;
  }
  if (command) {
    auto argv = SplitCommandLine(*command);
    if (!argv.ok()) {
      s.error = "BENCH_GPU_CMD: " + argv.error();
      return s;
    }
    if (argv->empty()) {
      s.error = "BENCH_GPU_CMD is blank: give the sampling command";
      return s;
    }
    s.kind = GpuSourceSettings::Kind::kCommand;
    s.command = std::move(*argv);
  }
  return s;
}

std::string ResolveDcgmUrl(const std::string& url,
                           const std::string& server_url) {
  if (url.empty() || url.front() != '/') return url;
  std::string base = server_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + url;
}

Result<std::unique_ptr<GpuSampler>> GpuSampler::Start(
    const GpuSourceSettings& settings, const std::string& server_url,
    const ClientOptions& options, const Warn& warn) {
  if (settings.error) return Error{*settings.error};
  for (const std::string& w : settings.warnings) warn(w);
  switch (settings.kind) {
    case GpuSourceSettings::Kind::kNone:
      return std::unique_ptr<GpuSampler>();
    case GpuSourceSettings::Kind::kDcgm: {
      auto sampler = std::make_unique<DcgmSampler>(
          ResolveDcgmUrl(settings.dcgm_url, server_url), options,
          settings.interval_ms);
      if (Status first = sampler->First(); !first.ok()) {
        warn(first.error() +
             " (BENCH_DCGM_URL); GPU power, energy and memory "
             "figures stay unknown for this run");
        return std::unique_ptr<GpuSampler>();
      }
      return std::unique_ptr<GpuSampler>(std::move(sampler));
    }
    case GpuSourceSettings::Kind::kCommand: {
      auto sampler = std::make_unique<CommandSampler>(settings.command);
      SB_RETURN_IF_ERROR(sampler->Spawn());
      return std::unique_ptr<GpuSampler>(std::move(sampler));
    }
  }
  return std::unique_ptr<GpuSampler>();
}

GpuSampler::~GpuSampler() = default;

void GpuSampler::AddReadings(const std::vector<GpuReading>& readings,
                             Clock::time_point at) {
  bool first = true;
  for (const GpuReading& r : readings) {
    AddReading(r, at, first);
    first = false;
  }
}

void GpuSampler::AddReading(const GpuReading& reading, Clock::time_point at,
                            bool new_batch) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (new_batch) ++batch_;
  const int gpu = series_.GpuIndex(reading.id);
  if (gpu < 0) return;
  if (!reading.name.empty()) names_.emplace(gpu, reading.name);
  series_.Add(GpuPoint{at, batch_, gpu, reading.power_w, reading.energy_mj,
                       reading.memory_used_mib});
}

void GpuSampler::AddWarning(std::string warning) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (warnings_.size() < 20) warnings_.push_back(std::move(warning));
}

GpuWindowFigures GpuSampler::Over(Clock::time_point begin,
                                  Clock::time_point end) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return series_.Over(begin, end);
}

int GpuSampler::GpuCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(series_.gpu_ids().size());
}

std::vector<std::string> GpuSampler::GpuNames() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [gpu, name] : names_) names.push_back(name);
  return names;
}

std::vector<std::string> GpuSampler::TakeWarnings() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(warnings_, {});
}

}  // namespace servebench
