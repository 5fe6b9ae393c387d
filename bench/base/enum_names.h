// A fixed table of an enum's names: the name of a value, the value of a
// name, and every name in order (for CLI11's IsMember and --help). One
// table per enum instead of a switch per direction. Tables are written with
// string literals, so a name's data() is a C string too.
#ifndef SERVEBENCH_BENCH_BASE_ENUM_NAMES_H_
#define SERVEBENCH_BENCH_BASE_ENUM_NAMES_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace servebench {

template <typename E, size_t N>
class EnumNames {
 public:
  constexpr explicit EnumNames(
      std::array<std::pair<E, std::string_view>, N> entries)
      : entries_(entries) {}

  // The name of `value`; the first entry's for a value not in the table.
  constexpr std::string_view Name(E value) const {
    for (const auto& [known, name] : entries_) {
      if (known == value) return name;
    }
    return entries_.front().second;
  }

  constexpr std::optional<E> Parse(std::string_view name) const {
    for (const auto& [value, known] : entries_) {
      if (known == name) return value;
    }
    return std::nullopt;
  }

  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& entry : entries_) names.emplace_back(entry.second);
    return names;
  }

 private:
  std::array<std::pair<E, std::string_view>, N> entries_;
};

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_ENUM_NAMES_H_
