// The metric table of reports/leaderboard.cpp is the one list of leaderboard metrics: the
// JSON and CSV columns, the headline columns of the tables and the sort direction all come
// from it (issue 13, point 3).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "reports/format.hpp"
#include "reports/leaderboard.hpp"
#include "reports/load.hpp"
#include "standard_fixture.hpp"

namespace pj::reports {
namespace {

struct MetricTable : ::testing::Test {
  TempDir dir{"pj-metric-table"};
  Dataset ds;
  Leaderboard lb;
  void SetUp() override {
    test::build_standard(dir.path() / "s.db");
    ds = load(dir.path() / "s.db", LoadOptions{});
    LeaderboardOptions opt;
    opt.ks = {1, 3};
    lb = compute_leaderboard(ds, opt);
  }
};

TEST_F(MetricTable, ColumnOrderIsUnchanged) {
  const std::vector<std::string> expected{"pass@1",
                                          "pass@3",
                                          "eff@1",
                                          "eff@3",
                                          "dps",
                                          "dps_norm",
                                          "efficient@1",
                                          "efficient@3",
                                          "coffe_speedup",
                                          "pie_speedup@1",
                                          "pie_opt@1",
                                          "pie_speedup@3",
                                          "pie_opt@3",
                                          "net",
                                          "nmu",
                                          "ntmu",
                                          "cost_ratio",
                                          "pie_correct@1",
                                          "pie_opt_1.25x@1",
                                          "pie_opt_1.5x@1",
                                          "pie_opt_2x@1",
                                          "pie_opt_3x@1",
                                          "pie_opt_5x@1",
                                          "pie_opt_10x@1",
                                          "pie_correct@3",
                                          "pie_opt_1.25x@3",
                                          "pie_opt_1.5x@3",
                                          "pie_opt_2x@3",
                                          "pie_opt_3x@3",
                                          "pie_opt_5x@3",
                                          "pie_opt_10x@3",
                                          "net_ratio_of_sums",
                                          "nmu_ratio_of_sums",
                                          "ntmu_ratio_of_sums"};
  EXPECT_EQ(lb.metric_names, expected);
  const std::vector<std::string> headline(expected.begin(), expected.begin() + 17);
  EXPECT_EQ(lb.table_metric_names, headline);
}

// Every metric the JSON output carries is a column of the table, and nothing else is.
TEST_F(MetricTable, EveryMetricInTheJsonIsAColumnOfTheTable) {
  std::vector<std::string> columns;
  for (const auto& c : metric_columns(lb.ks)) columns.push_back(c.name);
  EXPECT_EQ(lb.metric_names, columns);
  const auto j = nlohmann::json::parse(format_json(ds, lb));
  EXPECT_EQ(j["metric_names"].get<std::vector<std::string>>(), columns);
  ASSERT_FALSE(j["models"].empty());
  for (const auto& model : j["models"]) {
    std::vector<std::string> keys;
    for (const auto& [name, score] : model["metrics"].items()) keys.push_back(name);
    std::vector<std::string> sorted = columns;
    std::sort(sorted.begin(), sorted.end());
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, sorted) << model["model"];
  }
}

// The table columns are exactly the metrics flagged headline, in the same order; the sort
// direction is each metric's flag.
TEST_F(MetricTable, HeadlineColumnsAndDirectionsAreTheFlags) {
  std::vector<std::string> headline;
  for (const auto& c : metric_columns(lb.ks)) {
    if (c.headline) headline.push_back(c.name);
    EXPECT_EQ(lower_is_better(c.name), c.lower_is_better) << c.name;
  }
  EXPECT_EQ(lb.table_metric_names, headline);
  for (const char* low : {"cost_ratio", "net", "nmu", "ntmu", "net_ratio_of_sums"})
    EXPECT_TRUE(lower_is_better(low)) << low;
  // A per-k name matches only with a k.
  EXPECT_TRUE(lower_is_better("net"));
  EXPECT_FALSE(lower_is_better("pass@"));
  EXPECT_FALSE(lower_is_better("pass@x"));
  EXPECT_FALSE(lower_is_better("no_such_metric"));
}

// The columns follow --k: one per k for per-k metrics, one for the others.
TEST(MetricColumns, PerKMetricsTakeOneColumnPerK) {
  const auto one = metric_columns({1});
  const auto three = metric_columns({1, 2, 3});
  const auto count = [](const std::vector<MetricColumn>& cs, std::string_view prefix) {
    return std::count_if(cs.begin(), cs.end(),
                         [&](const MetricColumn& c) { return c.name.starts_with(prefix); });
  };
  EXPECT_EQ(count(one, "pass@"), 1);
  EXPECT_EQ(count(three, "pass@"), 3);
  EXPECT_EQ(count(three, "dps"), 2);  // dps, dps_norm
  // dps, dps_norm, coffe_speedup, cost_ratio and EffiBench's six have no k.
  const std::size_t without_k = 10;
  EXPECT_EQ(three.size() - without_k, 3 * (one.size() - without_k));
}

}  // namespace
}  // namespace pj::reports
