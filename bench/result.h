// Result<T>: a value or an error message that carries its context.
//
// Expected failures (a bad stream, a refused connection, a malformed TOML key)
// are values, not exceptions: a benchmark must turn one failed request into
// one failed case and keep going. Messages are full sentences meant for the
// user: what happened, where, and what to do.
#ifndef SERVEBENCH_BENCH_RESULT_H_
#define SERVEBENCH_BENCH_RESULT_H_

#include <string>
#include <utility>
#include <variant>

namespace servebench {

struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error)
      : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // Precondition: !ok().
  const std::string& error() const { return std::get<Error>(state_).message; }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_RESULT_H_
