// Markdown cells and rows shared by the report's tables.
#include "tools/report/table_cells.h"

namespace servebench::report {

std::string MarkdownRow(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const std::string& cell : cells) line += " " + cell + " |";
  return line + "\n";
}

std::string StatusCell(const RunCase& c) {
  if (c.message.empty()) return MarkdownCell(c.status);
  return MarkdownCell(c.status + ": " + c.message);
}

}  // namespace servebench::report
