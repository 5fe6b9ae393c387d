// SIGTERM and SIGINT as a request to wind down, not to die.
//
// Bazel's test timeout sends SIGTERM (then SIGKILL after a grace period), and
// a user presses Ctrl-C: either way the finished cases' figures must
// survive. The handler only records the signal; the client aborts its
// transfer at its next progress check (about once a second), the case in
// flight fails as interrupted, the remaining cases are skipped, and
// GoogleTest ends normally, so the JUnit XML and the results JSON are
// written.
#ifndef SERVEBENCH_BENCH_INTERRUPT_H_
#define SERVEBENCH_BENCH_INTERRUPT_H_

namespace servebench {

// Installs handlers for SIGTERM and SIGINT (idempotent).
void InstallInterruptHandlers();

// The signal received, or 0.
int InterruptSignal();
inline bool Interrupted() { return InterruptSignal() != 0; }

// "SIGTERM" / "SIGINT" for messages.
const char* InterruptSignalName();

// For tests: forget a received signal.
void ResetInterruptForTest();

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_INTERRUPT_H_
