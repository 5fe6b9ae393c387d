// The pieces every SVG chart of the report and history tools is drawn with.
//
// The bar chart, the load-level charts and the history trend share one look
// (sans-serif 12, a white background, grey grid lines, black axes), so the
// markup for it is written once here; each chart keeps only its own layout.
#ifndef SERVEBENCH_TOOLS_REPORT_SVG_PARTS_H_
#define SERVEBENCH_TOOLS_REPORT_SVG_PARTS_H_

#include <string>

namespace servebench::report {

// Every chart is this wide; the report's charts open with a legend strip
// this high.
inline constexpr double kChartWidth = 880;
inline constexpr double kLegendHeight = 40;
// This run in blue and what it is compared with (a reference run, a
// baseline) in orange, in every chart.
inline constexpr char kRunColor[] = "#4e79a7";
inline constexpr char kReferenceColor[] = "#f28e2b";

// A coordinate or size as it is written into the markup: one decimal.
std::string SvgNumber(double value);

// A <text> element at (x, y) with text-anchor `anchor` ("start", "middle",
// "end"); `text` is XML-escaped, `extra` is raw attributes (leading space).
std::string SvgText(double x, double y, const std::string& anchor,
                    const std::string& text, const std::string& extra = "");

// A <line> from (x1, y1) to (x2, y2) in `stroke` colour.
std::string SvgLine(double x1, double y1, double x2, double y2,
                    const std::string& stroke);

// The y axis at `left` from `top` to `bottom` and the x axis along `bottom`
// from `left` to `right`, both black.
std::string SvgAxes(double left, double top, double right, double bottom);

// A legend entry: a 14x14 swatch at x in `color`, its text beside it.
std::string SvgLegendEntry(double x, const std::string& color,
                           const std::string& text);

// A whole document `width` by `height` on a white background around `body`.
std::string SvgDocument(double width, double height, const std::string& body);

// A round tick step (1, 2 or 5 times a power of ten) giving about five ticks
// over `range`; 1 for a range that is not positive (or not a number), so that
// tick loops always advance.
double NiceStep(double range);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_SVG_PARTS_H_
