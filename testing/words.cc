// Splits test texts into words (see words.h).
#include "testing/words.h"

#include <sstream>

namespace servebench::test {

std::vector<std::string> SplitWords(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

int64_t CountWords(std::string_view text) {
  return static_cast<int64_t>(SplitWords(text).size());
}

}  // namespace servebench::test
