// The least CPU any client can spend per chunk when chunks arrive one at a
// time: a thread that sleeps in epoll_wait on a loopback TCP socket, wakes
// for one small write, and reads it. It does no parsing and no bookkeeping,
// so its CPU per wakeup (user + system, this thread only) is the floor under
// the one-stream figure of //tools/error_budget; what the client spends above
// it is its own. A benchmark that prints figures, not a test.
//
//   bazel run //tools/error_budget:wakeup_floor -- [--chunks N]
//       [--gap-us US] [--extra-poll] [--reader-cpu C] [--writer-cpu C]
//
// --gap-us is the time between writes (10000: one token every 10 ms, as the
// simulator's default step; 0: back to back, so the reader rarely sleeps).
// --extra-poll adds the poll(fd, 0) libcurl makes after each read, to show
// what that costs on its own.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

struct Options {
  long chunks = 2000;
  long gap_us = 10000;
  bool extra_poll = false;
  int reader_cpu = -1;
  int writer_cpu = -1;
};

void PinTo(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
    throw std::runtime_error("cannot pin a thread to CPU " +
                             std::to_string(cpu));
  }
}

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string(what) + " failed");
}

double ThreadCpuMicros() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  const auto micros = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_usec);
  };
  return micros(usage.ru_utime) + micros(usage.ru_stime);
}

// A connected loopback pair: {writer, reader}.
std::pair<int, int> LoopbackPair() {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  Check(listener >= 0, "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Check(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
            0,
        "bind");
  Check(listen(listener, 1) == 0, "listen");
  socklen_t length = sizeof address;
  Check(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) ==
            0,
        "getsockname");
  const int reader = socket(AF_INET, SOCK_STREAM, 0);
  Check(connect(reader, reinterpret_cast<sockaddr*>(&address),
                sizeof address) == 0,
        "connect");
  const int writer = accept(listener, nullptr, nullptr);
  Check(writer >= 0, "accept");
  close(listener);
  const int on = 1;
  setsockopt(writer, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return {writer, reader};
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"CPU per wakeup of a thread that only waits and reads"};
  app.add_option("--chunks", options.chunks, "writes to time")
      ->check(CLI::Range(1L, 1000000L));
  app.add_option("--gap-us", options.gap_us, "microseconds between writes")
      ->check(CLI::Range(0L, 1000000L));
  app.add_flag("--extra-poll", options.extra_poll,
               "also poll(fd, 0) after each read, as libcurl does");
  app.add_option("--reader-cpu", options.reader_cpu, "pin the reader");
  app.add_option("--writer-cpu", options.writer_cpu, "pin the writer");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto [writer, reader] = LoopbackPair();
    // An SSE event the size of a one-token vLLM chunk.
    const std::string chunk =
        "data: {\"id\":\"cmpl-0\",\"object\":\"text_completion\",\"created\":"
        "1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\" word\","
        "\"logprobs\":null,\"finish_reason\":null}]}\n\n";
    std::thread writing([&, writer = writer] {
      PinTo(options.writer_cpu);
      auto next = std::chrono::steady_clock::now();
      for (long i = 0; i < options.chunks; ++i) {
        next += std::chrono::microseconds(options.gap_us);
        if (options.gap_us > 0) std::this_thread::sleep_until(next);
        Check(send(writer, chunk.data(), chunk.size(), MSG_NOSIGNAL) ==
                  static_cast<ssize_t>(chunk.size()),
              "send");
      }
      shutdown(writer, SHUT_WR);
    });

    PinTo(options.reader_cpu);
    const int poller = epoll_create1(EPOLL_CLOEXEC);
    Check(poller >= 0, "epoll_create1");
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.fd = reader;
    Check(epoll_ctl(poller, EPOLL_CTL_ADD, reader, &interest) == 0,
          "epoll_ctl");
    char buffer[16384];
    long wakeups = 0;
    long bytes = 0;
    const double cpu_before = ThreadCpuMicros();
    const auto wall_before = std::chrono::steady_clock::now();
    for (;;) {
      epoll_event ready{};
      if (epoll_wait(poller, &ready, 1, -1) != 1) continue;
      ++wakeups;
      const ssize_t n = recv(reader, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      bytes += n;
      if (options.extra_poll) {
        pollfd check{reader, POLLIN, 0};
        poll(&check, 1, 0);
      }
    }
    const double cpu = ThreadCpuMicros() - cpu_before;
    const double wall = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - wall_before)
                            .count();
    writing.join();
    const long events = bytes / static_cast<long>(chunk.size());
    std::printf(
        "writes %ld, gap %ld us, extra poll %s: %ld wakeups, reader CPU "
        "%.1f us per wakeup, %.1f us per chunk, over %.1f s\n",
        events, options.gap_us, options.extra_poll ? "yes" : "no", wakeups,
        cpu / static_cast<double>(wakeups), cpu / static_cast<double>(events),
        wall);
    close(writer);
    close(reader);
    close(poller);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wakeup_floor: %s\n", e.what());
    return 1;
  }
  return 0;
}
