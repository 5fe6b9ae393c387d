// Test helpers that read synthetic prompts word by word, the unit of the
// simulator's tokenizer and of the prompt synthesizer.
#ifndef SERVEBENCH_TESTING_WORDS_H_
#define SERVEBENCH_TESTING_WORDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace servebench::test {

// The words of `text`, split at any run of white space (as `>>` reads them).
std::vector<std::string> SplitWords(std::string_view text);

// How many words SplitWords(text) would return.
int64_t CountWords(std::string_view text);

}  // namespace servebench::test

#endif  // SERVEBENCH_TESTING_WORDS_H_
