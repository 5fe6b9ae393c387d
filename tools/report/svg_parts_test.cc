// The shared chart markup: escaped text, round tick steps, a whole document.
#include "tools/report/svg_parts.h"

#include <gtest/gtest.h>

#include <cmath>

namespace servebench::report {
namespace {

TEST(SvgPartsTest, TextIsEscapedAndPlaced) {
  EXPECT_EQ(SvgText(1, 2.5, "end", "a<b & \"c\""),
            "<text x=\"1.0\" y=\"2.5\" text-anchor=\"end\">"
            "a&lt;b &amp; &quot;c&quot;</text>\n");
  EXPECT_EQ(SvgText(0, 0, "start", "t", " fill=\"#fff\""),
            "<text x=\"0.0\" y=\"0.0\" text-anchor=\"start\" fill=\"#fff\">"
            "t</text>\n");
}

TEST(SvgPartsTest, NiceStepIsOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(NiceStep(100), 20);
  EXPECT_DOUBLE_EQ(NiceStep(7), 2);
  EXPECT_DOUBLE_EQ(NiceStep(0.03), 0.01);
  EXPECT_DOUBLE_EQ(NiceStep(4000), 1000);
}

TEST(SvgPartsTest, NiceStepAdvancesOnRangesThatAreNotPositive) {
  EXPECT_EQ(NiceStep(0), 1);
  EXPECT_EQ(NiceStep(-3), 1);
  EXPECT_EQ(NiceStep(std::nan("")), 1);
}

TEST(SvgPartsTest, DocumentWrapsTheBodyOnABackground) {
  EXPECT_EQ(SvgDocument(880, 420, "<g/>\n"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"880.0\" "
            "height=\"420.0\" viewBox=\"0 0 880.0 420.0\" "
            "font-family=\"sans-serif\" font-size=\"12\">\n"
            "<rect class=\"background\" x=\"0\" y=\"0\" width=\"880.0\" "
            "height=\"420.0\" fill=\"#ffffff\"/>\n"
            "<g/>\n"
            "</svg>\n");
}

TEST(SvgPartsTest, AxesAreTwoBlackLines) {
  EXPECT_EQ(SvgAxes(10, 20, 110, 220),
            "<line x1=\"10.0\" y1=\"20.0\" x2=\"10.0\" y2=\"220.0\" "
            "stroke=\"#000000\"/>\n"
            "<line x1=\"10.0\" y1=\"220.0\" x2=\"110.0\" y2=\"220.0\" "
            "stroke=\"#000000\"/>\n");
}

}  // namespace
}  // namespace servebench::report
