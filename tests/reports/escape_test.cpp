// Model names come from sample files: terminal escape sequences in them (CSI colours, OSC 8
// hyperlinks, OSC 52 clipboard writes) must reach no report format as raw control bytes.
#include <gtest/gtest.h>

#include <string>

#include "core/temp_dir.hpp"
#include "reports/format.hpp"
#include "reports/load.hpp"
#include "standard_fixture.hpp"

namespace pj::reports {
namespace {

// CSI colour, an OSC 8 link and an OSC 52 clipboard write (BEL- and ST-terminated), a C1 CSI.
const std::string kHostileName =
    "=evil\x1b[31mred\x1b]8;;https://x.example/\x07link\x1b]8;;\x07"
    "\x1b]52;c;cm0gLXJmIH4K\x1b\\\xc2\x9b"
    "2J";

bool has_control_bytes(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b || c == 0x07) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x9b) return true;
  }
  return false;
}

struct HostileNames : ::testing::Test {
  TempDir dir{"pj-reports"};
  Dataset ds;
  Leaderboard lb;
  void SetUp() override {
    test::build_standard(dir.path() / "s.db");
    ds = load(dir.path() / "s.db", LoadOptions{});
    for (auto& p : ds.programs) {
      if (p.model == "alpha") p.model = kHostileName;
    }
    lb = compute_leaderboard(ds);
  }
};

TEST_F(HostileNames, MarkdownShowsEscapesNotControlBytes) {
  const std::string md = format_markdown(ds, lb);
  EXPECT_FALSE(has_control_bytes(md));
  EXPECT_NE(md.find("\\\\x1b\\[31mred"), std::string::npos) << md;
}

TEST_F(HostileNames, CsvShowsEscapesNotControlBytesAndDefusesTheFormula) {
  for (bool by_task : {false, true}) {
    const std::string csv = format_csv(lb, by_task);
    EXPECT_FALSE(has_control_bytes(csv)) << by_task;
    EXPECT_NE(csv.find("'=evil\\x1b[31mred\\x1b]8;;https://x.example/\\x07link"), std::string::npos)
        << csv;
  }
  EXPECT_EQ(csv_field("\t=1+1"), "'\t=1+1");
}

TEST_F(HostileNames, TextHtmlAndJsonCarryNoControlBytes) {
  EXPECT_FALSE(has_control_bytes(format_text(ds, lb)));
  EXPECT_FALSE(has_control_bytes(format_html(ds, lb)));
  // JSON keeps the name exact, as \u escapes that no terminal acts on.
  const std::string json = format_json(ds, lb);
  EXPECT_FALSE(has_control_bytes(json));
  EXPECT_NE(json.find("\\u001b[31mred"), std::string::npos);
}

}  // namespace
}  // namespace pj::reports
