// Regime grouping.
#include "tools/report/regimes.h"

namespace servebench::report {

std::vector<RegimeGroup> GroupByRegime(const RunRecord& run) {
  struct Known {
    const char* category;
    const char* title;
  };
  static constexpr Known kKnown[] = {{"prefill-heavy", "Prefill-heavy"},
                                     {"balanced", "Balanced"},
                                     {"decode-heavy", "Decode-heavy"}};
  std::vector<RegimeGroup> groups;
  std::vector<const RunCase*> claimed;
  for (const Known& known : kKnown) {
    RegimeGroup group{known.title, {}};
    for (const RunCase& c : run.cases) {
      if (c.is_load()) continue;  // load levels have a section of their own
      if (c.category == known.category) {
        group.cases.push_back(&c);
        claimed.push_back(&c);
      }
    }
    if (!group.cases.empty()) groups.push_back(std::move(group));
  }
  RegimeGroup other{"Other", {}};
  for (const RunCase& c : run.cases) {
    if (c.is_load()) continue;
    bool seen = false;
    for (const RunCase* p : claimed) seen = seen || p == &c;
    if (!seen) other.cases.push_back(&c);
  }
  if (!other.cases.empty()) groups.push_back(std::move(other));
  return groups;
}

}  // namespace servebench::report
