// Lookups on the history's plain structs.
#include "bench/history/history_types.h"

namespace servebench::history {

const HistoryCase* StoredRun::FindCase(const std::string& name) const {
  for (const HistoryCase& c : cases) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace servebench::history
