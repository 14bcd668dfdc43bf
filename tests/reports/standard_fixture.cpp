#include "standard_fixture.hpp"

#include "fixture.hpp"

namespace pj::reports::test {

// sum: references naive (L1 sum 4.0) and expert (L1 sum 1.0, the best).
//   alpha: a0 0.5, a1 2.0, a2 WA, a3 1.0 -> pass 3/4, cost ratios 0.5, 2, 1 (geomean 1),
//          one sample strictly cheaper than the best reference.
//   kXss:  x0 passes tests but times out on level 1; x1 2.0 -> pass 2/2, ratio 2.
// prod: one reference (L0 0.1).  alpha: b0 0.2, b1 RE -> pass 1/2, ratio 2.
// alpha: pass@1 = (0.75 + 0.5) / 2 = 0.625, cost_ratio = sqrt(1 * 2).
void build_standard(const std::filesystem::path& file) {
  FixtureDb f(file);
  const auto run = f.add_run("{\"cost\":\"cpu_time\"}");
  f.add_task(run, "sum", {{0, 1, {1}}, {1, 3, {1, 2}}});
  f.add_task(run, "prod", {{0, 1, {1}}});

  const auto naive = f.add_reference(run, "sum", "naive-cpp", "naive", 0);
  f.add_stress(naive, 0, 1, 0.02);
  f.add_stress(naive, 1, 1, 2.0);
  f.add_stress(naive, 1, 2, 2.0);
  const auto expert = f.add_reference(run, "sum", "expert-cpp", "expert", 2);
  f.add_stress(expert, 0, 1, 0.01);
  f.add_stress(expert, 1, 1, 0.5);
  f.add_stress(expert, 1, 2, 0.5);

  const double a_costs[] = {0.25, 1.0, 0, 0.5};
  for (int i = 0; i < 4; ++i) {
    const auto s = f.add_sample(run, "sum", "alpha", "a" + std::to_string(i));
    if (i == 2) {
      f.add_result(s, "WA", false, "expected 6\ngot 7\n");
      continue;
    }
    f.add_result(s, "OK", true);
    f.add_stress(s, 0, 1, 0.01);
    f.add_stress(s, 1, 1, a_costs[i]);
    f.add_stress(s, 1, 2, a_costs[i]);
  }
  const auto x0 = f.add_sample(run, "sum", kXss, "x0");
  f.add_result(x0, "OK", true);
  f.add_stress(x0, 0, 1, 0.01);
  f.add_stress(x0, 1, 1, std::nullopt, "TLE", true);
  const auto x1 = f.add_sample(run, "sum", kXss, "x1");
  f.add_result(x1, "OK", true);
  f.add_stress(x1, 0, 1, 0.01);
  f.add_stress(x1, 1, 1, 1.0);
  f.add_stress(x1, 1, 2, 1.0);

  const auto ref = f.add_reference(run, "prod", "fast-cpp", "expert", 2);
  f.add_stress(ref, 0, 1, 0.1);
  const auto b0 = f.add_sample(run, "prod", "alpha", "b0");
  f.add_result(b0, "OK", true);
  f.add_stress(b0, 0, 1, 0.2);
  const auto b1 = f.add_sample(run, "prod", "alpha", "b1");
  f.add_result(b1, "RE", false, "Traceback: <boom>");
}

}  // namespace pj::reports::test
