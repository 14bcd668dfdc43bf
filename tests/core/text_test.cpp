#include <gtest/gtest.h>

#include "core/text.hpp"

namespace {

TEST(Text, RecognisesValidAndInvalidUtf8) {
  EXPECT_TRUE(pj::is_valid_utf8("plain ascii"));
  EXPECT_TRUE(pj::is_valid_utf8("caf\xc3\xa9"));
  EXPECT_FALSE(pj::is_valid_utf8("\xff\xfe"));
  EXPECT_FALSE(pj::is_valid_utf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(pj::is_valid_utf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(pj::is_valid_utf8("\xe2\x82"));      // truncated
}

TEST(Text, PrintableEscapesControlAndInvalidBytes) {
  EXPECT_EQ(pj::printable("a\x1b[31mb"), "a\\x1b[31mb");
  EXPECT_EQ(pj::printable("x\xffy"), "x\\xffy");
  EXPECT_EQ(pj::printable("tab\tok"), "tab\tok");
  EXPECT_EQ(pj::printable("caf\xc3\xa9"), "caf\xc3\xa9");
}

// U+009B (CSI) starts an escape sequence on its own; U+202E and U+2066 reorder what follows.
TEST(Text, PrintableEscapesC1ControlsAndBidiOverrides) {
  EXPECT_EQ(pj::printable("a\xc2\x9b"
                          "31mb"),
            "a\\u{009b}31mb");
  EXPECT_EQ(pj::printable("x\xe2\x80\xaey"), "x\\u{202e}y");
  EXPECT_EQ(pj::printable("\xe2\x81\xa6z"), "\\u{2066}z");
  EXPECT_EQ(pj::printable("del\x7f"), "del\\x7f");
  EXPECT_EQ(pj::printable("\xe2\x80\x94 \xc2\xa0ok"),
            "\xe2\x80\x94 \xc2\xa0ok");  // dash, nbsp stay
}

TEST(Text, PrintableTruncatesLongInput) {
  const std::string big(10000, 'z');
  const std::string out = pj::printable(big, 100);
  EXPECT_EQ(out.substr(0, 100), std::string(100, 'z'));
  EXPECT_NE(out.find("…"), std::string::npos);
}

TEST(Text, FirstLinesKeepsOnlyTheRequestedLines) {
  EXPECT_EQ(pj::first_lines("one\ntwo\nthree\n", 2), "one\ntwo");
  EXPECT_EQ(pj::first_lines("only", 5), "only");
  EXPECT_EQ(pj::first_lines("a\rb\nc", 1), "a\\x0db");
  EXPECT_EQ(pj::last_line("Traceback:\n  File x\nValueError: no\n\n"), "ValueError: no");
  EXPECT_EQ(pj::last_line("only"), "only");
  EXPECT_EQ(pj::last_line(""), "");
  EXPECT_EQ(pj::last_line("a\nb\x1b[0m"), "b\\x1b[0m");
}

}  // namespace
