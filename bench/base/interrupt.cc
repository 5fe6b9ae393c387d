// A lock-free flag set from the signal handler.
#include "bench/base/interrupt.h"

#include <signal.h>

#include <atomic>

namespace servebench {
namespace {

std::atomic<int> received{0};

void OnSignal(int signal) { received.store(signal); }

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: let blocking calls return early
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

int InterruptSignal() { return received.load(); }

const char* InterruptSignalName() {
  switch (received.load()) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return "a signal";
  }
}

void ResetInterruptForTest() { received.store(0); }

}  // namespace servebench
