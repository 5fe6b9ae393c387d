// Markup shared by the SVG charts.
#include "tools/report/svg_parts.h"

#include <cmath>

#include "bench/base/safe_text.h"
#include "bench/base/text_format.h"

namespace servebench::report {

std::string SvgNumber(double value) { return Fixed(value, 1); }

std::string SvgText(double x, double y, const std::string& anchor,
                    const std::string& text, const std::string& extra) {
  return "<text x=\"" + SvgNumber(x) + "\" y=\"" + SvgNumber(y) +
         "\" text-anchor=\"" + anchor + "\"" + extra + ">" + XmlEscape(text) +
         "</text>\n";
}

std::string SvgLine(double x1, double y1, double x2, double y2,
                    const std::string& stroke) {
  return "<line x1=\"" + SvgNumber(x1) + "\" y1=\"" + SvgNumber(y1) +
         "\" x2=\"" + SvgNumber(x2) + "\" y2=\"" + SvgNumber(y2) +
         "\" stroke=\"" + stroke + "\"/>\n";
}

std::string SvgAxes(double left, double top, double right, double bottom) {
  return SvgLine(left, top, left, bottom, "#000000") +
         SvgLine(left, bottom, right, bottom, "#000000");
}

std::string SvgLegendEntry(double x, const std::string& color,
                           const std::string& text) {
  return "<rect class=\"swatch\" x=\"" + SvgNumber(x) +
         "\" y=\"14\" width=\"14\" height=\"14\" fill=\"" + color + "\"/>\n" +
         SvgText(x + 20, 26, "start", text);
}

std::string SvgDocument(double width, double height, const std::string& body) {
  const std::string w = SvgNumber(width), h = SvgNumber(height);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
         w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
         "\" font-family=\"sans-serif\" font-size=\"12\">\n"
         "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" +
         w + "\" height=\"" + h + "\" fill=\"#ffffff\"/>\n" + body + "</svg>\n";
}

double NiceStep(double range) {
  if (!(range > 0)) return 1;
  const double raw = range / 5;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

}  // namespace servebench::report
