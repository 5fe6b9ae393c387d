// Numbers as the tool prints them: exactly the value stored, no rounding.
#ifndef SERVEBENCH_TOOLS_BASELINE_NUMBER_TEXT_H_
#define SERVEBENCH_TOOLS_BASELINE_NUMBER_TEXT_H_

#include <string>

namespace servebench::baseline_tool {

// The shortest text that reads back as `value`, with at least one decimal
// ("27.278", "0.9", "36.0"), so a figure shown equals the figure in the file
// and in the run.
std::string NumberText(double value);

}  // namespace servebench::baseline_tool

#endif  // SERVEBENCH_TOOLS_BASELINE_NUMBER_TEXT_H_
