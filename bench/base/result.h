// Result<T>: a value or an error message that carries its context.
//
// Expected failures (a bad stream, a refused connection, a malformed TOML key)
// are values, not exceptions: a benchmark must turn one failed request into
// one failed case and keep going. Messages are full sentences meant for the
// user: what happened, where, and what to do.
//
// Errors travel without ceremony, as abseil's StatusOr does:
//
//   Result<Suite> Load(...) {
//     SB_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//     SB_RETURN_IF_ERROR(Check(text));
//     ...
//   }
//
// and a failed Result<U> converts to a failed Result<T> (`return other;`
// where `other` holds an error), carrying the message unchanged.
#ifndef SERVEBENCH_BENCH_BASE_RESULT_H_
#define SERVEBENCH_BENCH_BASE_RESULT_H_

#include <string>
#include <type_traits>
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

  // The error of a failed Result of another type. Precondition: !other.ok().
  template <typename U,
            typename = std::enable_if_t<!std::is_same_v<U, T> &&
                                        !std::is_convertible_v<Result<U>, T>>>
  Result(const Result<U>& other)  // NOLINT: implicit by design
      : state_(Error{other.error()}) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // Precondition: ok().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
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

#define SB_RESULT_CONCAT_INNER(a, b) a##b
#define SB_RESULT_CONCAT(a, b) SB_RESULT_CONCAT_INNER(a, b)

// Evaluates `expr` (a Result or Status); on error returns that error from the
// enclosing function (whose return type is any Result).
#define SB_RETURN_IF_ERROR(expr)                      \
  do {                                                \
    if (auto sb_result_ = (expr); !sb_result_.ok()) { \
      return ::servebench::Error{sb_result_.error()}; \
    }                                                 \
  } while (false)

// `SB_ASSIGN_OR_RETURN(auto x, Make());`: declares or assigns the value of a
// successful Result, or returns its error from the enclosing function.
#define SB_ASSIGN_OR_RETURN(lhs, expr) \
  SB_ASSIGN_OR_RETURN_IMPL(SB_RESULT_CONCAT(sb_result_, __LINE__), lhs, expr)
#define SB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)          \
  auto tmp = (expr);                                      \
  if (!tmp.ok()) return ::servebench::Error{tmp.error()}; \
  lhs = std::move(tmp).value()

#endif  // SERVEBENCH_BENCH_BASE_RESULT_H_
