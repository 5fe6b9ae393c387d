// BENCH_LABELS: free-form labels that say what a run's configuration was,
// e.g. "kernel=marlin,mtp=2", so that the history can tell runs apart and
// explain what changed between two of them.
#ifndef SERVEBENCH_BENCH_HISTORY_LABELS_H_
#define SERVEBENCH_BENCH_HISTORY_LABELS_H_

#include <map>
#include <string>
#include <string_view>

#include "bench/base/result.h"

namespace servebench::history {

using Labels = std::map<std::string, std::string>;

// Parses "key=value,key2=value2". Spaces around items are ignored and an
// empty text means no labels. Keys are 1-64 characters of [A-Za-z0-9_.-];
// values are 0-128 characters of [A-Za-z0-9_.:/+@-]; at most 32 labels, no
// key twice. The error quotes the item and says what to write instead.
Result<Labels> ParseLabels(std::string_view text);

// "key=value,key2=value2" in key order: what ParseLabels reads back.
std::string FormatLabels(const Labels& labels);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_LABELS_H_
