#include "reports/format.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "real_run.hpp"
#include "reports/load.hpp"
#include "reports/text_table.hpp"
#include "standard_fixture.hpp"

namespace pj::reports {
namespace {

using test::kXss;

struct Formats : ::testing::Test {
  TempDir dir{"pj-reports"};
  Dataset ds;
  Leaderboard lb;
  void SetUp() override {
    test::build_standard(dir.path() / "s.db");
    LoadOptions lo;
    lo.with_repeats = true;
    ds = load(dir.path() / "s.db", lo);
    LeaderboardOptions opt;
    opt.ks = {1, 3};
    lb = compute_leaderboard(ds, opt);
  }
};

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

TEST_F(Formats, TextFitsOneHundredColumnsAndFootnotesUnavailableMetrics) {
  const auto text = format_text(ds, lb);
  for (const auto& l : lines(text)) EXPECT_LE(cols(l), 100u) << l;
  EXPECT_NE(text.find("alpha"), std::string::npos);
  EXPECT_NE(text.find("n/a[1]"), std::string::npos);
  EXPECT_NE(text.find("[1] pass@3: k=3 needs 3 samples per task"), std::string::npos) << text;
  EXPECT_NE(text.find("0.625"), std::string::npos);
  // Every headline metric column appears somewhere, wrapped into blocks; the details do not.
  for (const auto& m : lb.table_metric_names) EXPECT_NE(text.find(m), std::string::npos) << m;
  EXPECT_EQ(text.find("pie_opt_1.25x@1"), std::string::npos);
  EXPECT_EQ(text.find("ratio_of_sums"), std::string::npos);
  EXPECT_NE(text.find("naive-cpp"), std::string::npos);
}

TEST_F(Formats, TextEscapesControlCharactersInNames) {
  for (auto& p : ds.programs) {
    if (p.model == "alpha") p.model = "evil\x1b[31m";
  }
  const auto text = format_text(ds, compute_leaderboard(ds));
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("\\x1b"), std::string::npos);
}

TEST_F(Formats, MarkdownEscapesHtmlAndPipes) {
  const auto md = format_markdown(ds, lb);
  EXPECT_EQ(md.find(kXss), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(md_escape("a|b"), "a\\|b");
  EXPECT_NE(md.find("| 0.625 ["), std::string::npos);
}

TEST_F(Formats, CsvHasOneRowPerModelOrPerModelAndTask) {
  const auto csv = lines(format_csv(lb, false));
  ASSERT_EQ(csv.size(), 3u);  // header + 2 models
  const auto fields = [](const std::string& l) { return std::count(l.begin(), l.end(), ','); };
  EXPECT_EQ(fields(csv[0]), fields(csv[1]));
  EXPECT_EQ(csv[0].rfind("model,n_tasks,n_samples,pass@1,pass@1_ci_lo", 0), 0u);
  const auto by_task = lines(format_csv(lb, true));
  ASSERT_EQ(by_task.size(), 4u);  // header + alpha/prod + alpha/sum + xss/sum
  EXPECT_NE(format_csv(lb, true).find("alpha,sum,4,3,0.75"), std::string::npos);
}

TEST_F(Formats, CsvAndJsonCarryEveryPieAndEffibenchOutput) {
  const auto header = lines(format_csv(lb, false))[0];
  const auto j = nlohmann::json::parse(format_json(ds, lb));
  for (const char* m : {"pie_correct@1", "pie_opt_1.25x@1", "pie_opt_1.5x@1", "pie_opt_2x@1",
                        "pie_opt_3x@1", "pie_opt_5x@1", "pie_opt_10x@1", "net_ratio_of_sums",
                        "nmu_ratio_of_sums", "ntmu_ratio_of_sums"}) {
    EXPECT_NE(header.find(std::string(",") + m + ","), std::string::npos) << m;
    const auto& names = j["metric_names"];
    EXPECT_NE(std::find(names.begin(), names.end(), m), names.end()) << m;
    for (const auto& model : j["models"]) EXPECT_TRUE(model["metrics"].contains(m)) << m;
  }
  for (const auto& model : j["models"]) {
    if (model["model"] != "alpha") continue;
    EXPECT_DOUBLE_EQ(model["metrics"]["pie_correct@1"]["value"].get<double>(), 100.0);
  }
}

TEST(Csv, QuotesAndDefusesFormulas) {
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  EXPECT_EQ(csv_field("-0.5"), "-0.5");
}

TEST_F(Formats, JsonFollowsTheContract) {
  const auto j = nlohmann::json::parse(format_json(ds, lb));
  ASSERT_EQ(j["runs"].size(), 1u);
  EXPECT_EQ(j["runs"][0]["settings"]["cost"], "cpu_time");
  bool saw_alpha = false;
  for (const auto& m : j["models"]) {
    if (m["model"] != "alpha") continue;
    saw_alpha = true;
    EXPECT_DOUBLE_EQ(m["metrics"]["pass@1"]["value"].get<double>(), 0.625);
    ASSERT_EQ(m["metrics"]["pass@1"]["ci"].size(), 2u);
    EXPECT_TRUE(m["metrics"]["pass@3"]["value"].is_null());
    EXPECT_FALSE(m["metrics"]["pass@3"]["unavailable"].get<std::string>().empty());
  }
  EXPECT_TRUE(saw_alpha);
  EXPECT_EQ(j["tasks"].size(), 2u);
  EXPECT_FALSE(j["benchmarks"].empty());
}

TEST_F(Formats, HtmlIsSelfContainedAndEscapesEveryName) {
  const auto html = format_html(ds, lb);
  EXPECT_EQ(html.find(kXss), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_NE(html.find("id=\"leaderboard\""), std::string::npos);
  EXPECT_NE(html.find("id=\"scatter\""), std::string::npos);
  EXPECT_NE(html.find("id=\"heatmap\""), std::string::npos);
  // Failure excerpts of samples are escaped too.
  EXPECT_NE(html.find("Traceback: &lt;boom&gt;"), std::string::npos);
  // Exactly the two script elements the page itself writes.
  std::size_t scripts = 0;
  for (auto p = html.find("<script"); p != std::string::npos; p = html.find("<script", p + 1))
    ++scripts;
  EXPECT_EQ(scripts, 2u);
}

TEST(ScriptSafeJson, EscapesTagsAndLineSeparatorsAndRoundTrips) {
  const nlohmann::json j = {{"m", "</script><b>&\u2028\u2029"}};
  const auto s = script_safe_json(j);
  EXPECT_EQ(s.find('<'), std::string::npos);
  EXPECT_EQ(s.find('>'), std::string::npos);
  EXPECT_EQ(s.find('&'), std::string::npos);
  EXPECT_EQ(s.find("\xe2\x80\xa8"), std::string::npos);
  EXPECT_NE(s.find("\\u2028"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(s), j);
}

TEST_F(Formats, TaskViewShowsVerdictsCostsRepeatsAndFailures) {
  const auto text = format_task_text(ds, lb, "sum");
  EXPECT_NE(text.find("reference naive-cpp"), std::string::npos);
  EXPECT_NE(text.find("WA"), std::string::npos);
  EXPECT_NE(text.find("| expected 6"), std::string::npos);
  EXPECT_NE(text.find("(censored)"), std::string::npos);
  EXPECT_NE(text.find("raw response:"), std::string::npos);
  EXPECT_NE(text.find("sanitize:"), std::string::npos);
  const auto j = task_to_json(ds, lb, "sum");
  EXPECT_EQ(j["programs"].size(), 8u);
  EXPECT_THROW(format_task_text(ds, lb, "nope"), Error);
}

// `report --task T --calls`: every repeat's gross cost, grouped by session, with the cell's CV
// flagged unstable and a modified-z outlier starred but kept; the JSON carries the same.
TEST_F(Formats, TaskViewListsEveryRepeatBySessionWithItsNoise) {
  Program* p = nullptr;
  for (auto& q : ds.programs)
    if (q.role == "reference" && q.task_id == "sum" && !q.stress.empty()) p = &q;
  ASSERT_NE(p, nullptr);
  const StressCell& c = p->stress.front();
  const std::vector<double> costs = {7.0, 7.2, 6.8, 7.0, 7.1, 30.0};
  Repeats& r = p->repeats[{c.level, c.seed}];
  r.instructions = r.cpu_s = r.wall_s = costs;
  r.session = {0, 0, 1, 1, 2, 2};
  const std::string plain = format_task_text(ds, lb, "sum");
  EXPECT_NE(plain.find("6 repeats, CV "), std::string::npos) << plain;
  EXPECT_NE(plain.find("unstable"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("      repeats "), std::string::npos) << plain;  // only with --calls
  const std::string text = format_task_text(ds, lb, "sum", true);
  EXPECT_NE(text.find("      repeats 7 7.2 | 6.8 7 | 7.1 30*\n"), std::string::npos) << text;

  const auto j = task_to_json(ds, lb, "sum");
  const nlohmann::json* cell = nullptr;
  for (const auto& prog : j["programs"])
    if (prog["role"] == "reference" && prog["sample_id"] == p->sample_id)
      for (const auto& l : prog["stress"])
        if (l["level"] == c.level && l["seed"] == c.seed) cell = &l;
  ASSERT_NE(cell, nullptr);
  const auto& rep = (*cell)["per_repeat"];
  EXPECT_EQ(rep["costs"].get<std::vector<double>>(), costs);
  EXPECT_EQ(rep["sessions"], nlohmann::json({0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(rep["outliers"], nlohmann::json({5}));
  EXPECT_TRUE(rep["unstable"].get<bool>());
  EXPECT_GT(rep["cv"].get<double>(), 0.05);
}

TEST_F(Formats, CallsWithoutATaskIsAUsageError) {
  std::string out, err;
  EXPECT_EQ(
      test::run_cli({"report", "--db", (dir.path() / "s.db").string(), "--calls"}, &out, &err), 2);
  EXPECT_NE(err.find("--calls: needs --task ID"), std::string::npos) << err;
  EXPECT_EQ(
      test::run_cli({"report", "--db", (dir.path() / "s.db").string(), "--task", "sum", "--calls"},
                    &out, &err),
      0)
      << err;
  EXPECT_NE(out.find("task sum"), std::string::npos) << out;
}

// A NO_CODE sample: why it failed must be readable in the task view, whole and escaped.
TEST_F(Formats, TaskViewExplainsANoCodeSample) {
  Program* p = nullptr;
  for (auto& q : ds.programs) {
    if (q.role == "sample" && q.task_id == "sum") p = &q;
  }
  ASSERT_NE(p, nullptr);
  std::string response =
      "Sure \xc2\x9b"
      "31m \xe2\x80\xae!\n";
  for (int i = 0; i < 70; ++i) response += "line " + std::to_string(i) + "\n";
  p->raw_response = response;
  p->source = "";
  p->sanitize_json =
      nlohmann::json{{"blocks_found", 2},
                     {"block_chosen", nullptr},
                     {"language", nullptr},
                     {"lines_removed", nlohmann::json::array()},
                     {"notes",
                      {"block 1: tagged 'bash', not a candidate",
                       "block 2: tagged 'text', not a candidate", "a third note", "a fourth note"}},
                     {"reason", "no code in the response"}}
          .dump();
  p->result->verdict = "NO_CODE";
  p->result->passed = false;
  p->result->failed_test.reset();
  p->result->message = "no code in the response";
  p->result->output_excerpt.reset();
  const auto text = format_task_text(ds, lb, "sum");
  EXPECT_NE(text.find("failed: no code in the response"), std::string::npos) << text;
  EXPECT_EQ(text.find("failed test ?"), std::string::npos) << text;
  EXPECT_NE(text.find("sanitize: 2 block(s) found; no block chosen"), std::string::npos) << text;
  EXPECT_NE(text.find("note: a fourth note"), std::string::npos) << text;
  EXPECT_NE(text.find("reason: no code in the response"), std::string::npos) << text;
  EXPECT_NE(text.find("> line 58"), std::string::npos) << text;  // 60 lines shown
  EXPECT_NE(text.find("(11 more lines)"), std::string::npos) << text;
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos);  // escaped, never raw
  EXPECT_EQ(text.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_NE(text.find("\\u{009b}"), std::string::npos);

  const auto j = task_to_json(ds, lb, "sum");
  bool found = false;
  for (const auto& prog : j["programs"]) {
    if (prog.value("verdict", "") != "NO_CODE") continue;
    found = true;
    ASSERT_TRUE(prog["sanitize"].is_object());
    EXPECT_EQ(prog["sanitize"]["reason"], "no code in the response");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace pj::reports
