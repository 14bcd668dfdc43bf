// `perfjudge import coffe DIR --out OUT`: one task per COFFE record (README.md, "Importing
// COFFE").
#include "harness/samples/coffe_import.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <sstream>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "harness/samples/coffe_detail.hpp"
#include "harness/samples/share_helper.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::harness {

namespace fs = std::filesystem;
using detail::coffe_where;
using detail::fail_coffe;
using nlohmann::json;

namespace {

// What the keyed files of a subset hold for one record.
struct CoffeTask {
  const CoffeRecord* rec = nullptr;
  std::string best;                  // the best solution's code
  bool best_valid = true;            // COFFE's own flag on it
  std::vector<std::string> stress;   // function: Python literals; file: generator sources
  const json* testcases = nullptr;   // testcases.json's entry, if any
  std::vector<std::uint64_t> seeds;  // the usable stressful inputs, 1-based
  std::size_t test_calls = 0;        // literal calls of the check body (function level)
  std::string excluded;              // why the task is excluded; empty: it is not
  std::string test_error;            // why the check body gave no tests, if it failed to parse
};

// The files a subset's records are looked up in, by prompt text.
struct KeyedFiles {
  fs::path best_file, stress_file, tests_file;
  json best, stress, tests;  // tests: null when testcases.json is absent
};

KeyedFiles read_keyed(const CoffeSubset& s) {
  KeyedFiles k{s.dir / "best_solutions.json",
               s.dir / "stressful_testcases.json",
               s.dir / "testcases.json",
               {},
               {},
               nullptr};
  k.best = detail::read_coffe_json(k.best_file);
  k.stress = detail::read_coffe_json(k.stress_file);
  if (fs::exists(k.tests_file)) k.tests = detail::read_coffe_json(k.tests_file);
  auto keyed = [](const fs::path& file, const json& j) {
    if (!j.is_object()) fail_input(file.string() + ": expected an object keyed by prompt text");
  };
  keyed(k.best_file, k.best);
  keyed(k.stress_file, k.stress);
  if (!k.tests.is_null()) keyed(k.tests_file, k.tests);
  return k;
}

std::vector<std::string> stress_of(const json& v, const CoffeSubset& s, const fs::path& file,
                                   const std::string& key) {
  if (!v.is_array()) fail_coffe(file, key, "expected a list of stressful inputs");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const json& item =
        s.name == "function" && v[i].is_object() ? v[i].value("input", json()) : v[i];
    if (!item.is_string()) {
      fail_coffe(file, key,
                 fmt::format("input {} must be {}", i,
                             s.name == "function" ? "{\"input\": \"<Python literal>\", ...}"
                                                  : "a Python source defining generate_input()"));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

// The records that have a best solution and stressful inputs; warns about the others.
std::vector<CoffeTask> collect(const CoffeSubset& s, const KeyedFiles& k,
                               std::vector<std::string>& warnings) {
  std::vector<CoffeTask> out;
  for (const auto& rec : s.records) {
    const auto best = k.best.find(rec.key);
    const auto stress = k.stress.find(rec.key);
    if (best == k.best.end() || stress == k.stress.end()) {
      const fs::path& missing = best == k.best.end() ? k.best_file : k.stress_file;
      warnings.push_back(fmt::format("{}: no entry for this prompt; task {} not imported",
                                     coffe_where(missing, rec.key), rec.id));
      continue;
    }
    if (!best->is_array() || best->size() != 2 || !(*best)[0].is_string() ||
        !(*best)[1].is_boolean()) {
      fail_coffe(k.best_file, rec.key, "expected [code, valid]");
    }
    CoffeTask t;
    t.rec = &rec;
    t.best = (*best)[0].get<std::string>();
    t.best_valid = (*best)[1].get<bool>();
    t.stress = stress_of(*stress, s, k.stress_file, rec.key);
    if (!k.tests.is_null()) {
      const auto tc = k.tests.find(rec.key);
      if (tc != k.tests.end()) t.testcases = &*tc;
    }
    out.push_back(std::move(t));
  }
  return out;
}

// Runs coffe_probe.py once for the subset; fills seeds, test_calls and excluded.
void probe(const CoffeSubset& s, std::vector<CoffeTask>& tasks) {
  json request = {{"tasks", json::array()}};
  for (const auto& t : tasks) {
    const json test =
        s.name == "function" && t.testcases == nullptr ? t.rec->data.value("test", json()) : json();
    request["tasks"].push_back({{"kind", s.name}, {"stress", t.stress}, {"test", test}});
  }
  const fs::path script = share_dir() / "coffe" / "coffe_probe.py";
  if (!fs::is_regular_file(script)) fail_internal(script.string() + " is missing");
  const detail::ShareHelperRun run = detail::run_share_helper(
      script, {}, {share_dir()}, request,
      detail::ShareHelperLimits{.cpu_seconds = 300, .memory_mib = 4096, .output_mib = 64},
      "pj-coffe");
  const sandbox::Result& r = run.result;
  if (r.verdict != sandbox::Verdict::OK) {
    fail_internal(fmt::format("coffe_probe.py failed on {} ({}): {}", s.dir.string(),
                              sandbox::to_string(r.verdict), last_line(run.errors())));
  }
  const json reply = json::parse(run.reply());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const json& p = reply.at("tasks").at(i);
    auto& t = tasks[i];
    std::vector<bool> bad(t.stress.size(), false);
    std::vector<std::string> reasons;
    for (const auto& b : p.at("bad")) {
      bad.at(b.at(0).get<std::size_t>()) = true;
      reasons.push_back(fmt::format("stressful input {}: {}", b.at(0).get<std::size_t>() + 1,
                                    b.at(1).get<std::string>()));
    }
    for (std::size_t j = 0; j < bad.size(); ++j) {
      if (!bad[j]) t.seeds.push_back(j + 1);
    }
    t.test_calls = p.at("test_calls").get<std::size_t>();
    if (p.at("test_error").is_string()) t.test_error = p.at("test_error").get<std::string>();
    if (!reasons.empty()) {
      t.excluded = fmt::format("{} of {} stressful inputs cannot be used ({})", reasons.size(),
                               t.stress.size(), fmt::join(reasons, "; "));
    }
    if (!t.best_valid) t.excluded = "COFFE marks its best solution invalid";
  }
}

std::string toml_str(const std::string& s) {
  std::ostringstream ss;
  ss << toml::value<std::string>(s);
  return ss.str();
}

std::string with_newline(std::string s) {
  if (!s.empty() && s.back() != '\n') s += '\n';
  return s;
}

std::string seed_list(std::size_t from, std::size_t to) {
  std::vector<std::size_t> v;
  for (std::size_t i = from; i <= to; ++i) v.push_back(i);
  return fmt::format("[{}]", fmt::join(v, ", "));
}

std::string title_of(const CoffeSubset& s, const CoffeTask& t) {
  const json& d = t.rec->data;
  if (s.name == "function") {
    return fmt::format("{}: {}", d["task_id"].get<std::string>(),
                       d["entry_point"].get<std::string>());
  }
  const std::string ds = d.value("dataset", json("file")).is_string()
                             ? d.value("dataset", json("file")).get<std::string>()
                             : "file";
  return fmt::format("{} #{}", ds, t.rec->index);
}

// Correctness tests: written files (tests/), generated from the check body, or none.
std::string tests_toml(const CoffeSubset& s, const CoffeTask& t) {
  if (t.testcases != nullptr) return "";  // tests/ holds them; the default dir
  if (s.name == "function" && t.test_calls > 0) {
    return fmt::format(
        "[tests]  # the literal calls of COFFE's check body; expected = the reference's answer\n"
        "generated = [{{ args = [\"test\"], seeds = {} }}]\n\n",
        seed_list(1, t.test_calls));
  }
  return "";
}

std::string task_toml(const CoffeSubset& s, const CoffeTask& t) {
  const json& d = t.rec->data;
  const bool fn = s.name == "function";
  std::string out = fmt::format(
      "# Imported by `perfjudge import coffe` from COFFE's datasets/{}/data.json, record {}.\n"
      "# Re-importing overwrites it.\n"
      "id = {}\ntitle = {}\nstatement = \"statement.md\"\nkind = \"{}\"\n",
      s.name, t.rec->index, toml_str(t.rec->id), toml_str(title_of(s, t)),
      fn ? "function" : "program");
  if (fn) {
    out += fmt::format("entry_point = {}\nprompt = \"prompt.py\"\n",
                       toml_str(d["entry_point"].get<std::string>()));
  } else {
    out += "languages = [\"python\"]\n";
  }
  if (!t.excluded.empty()) out += "# excluded: " + printable(t.excluded, 2000) + "\n";
  out += fmt::format("excluded = {}\n\n", t.excluded.empty() ? "false" : "true");
  // COFFE lifts both limits for every program; function tasks have them by default.
  if (!fn) out += "[python]\nrecursion_limit = 100000\nint_max_str_digits = 0\n\n";
  out += "[checker]\ntype = \"loose\"  # COFFE ignores whitespace and brackets\n\n";
  out += tests_toml(s, t);
  out += fmt::format(
      "[stress]\ngenerator = \"gen.py\"  # run as: gen.py SEED stress (the SEED-th input)\n"
      "[[stress.levels]]\nargs = [\"stress\"]\nseeds = [{}]\nhardness = 1\n\n",
      fmt::join(t.seeds, ", "));
  out += fmt::format(
      "[[references]]\nname = \"coffe-best\"\nfile = \"ref/best.py\"\n"
      "level = \"expert\"\n");
  return out;
}

// A Python literal for a list of strings and an optional string: JSON strings are Python
// strings (nlohmann escapes only ", \ and control characters).
std::string py_strings(const std::vector<std::string>& v) {
  return json(v).dump(-1, ' ', false, json::error_handler_t::strict);
}

std::string gen_py(const CoffeSubset& s, const CoffeTask& t, const std::string& codec,
                   const std::string& inputs) {
  const bool fn = s.name == "function";
  const json test = fn && t.testcases == nullptr ? t.rec->data.value("test", json()) : json();
  return fmt::format(
      "# Generated by `perfjudge import coffe` from COFFE's datasets/{}, record {}: its\n"
      "# stressful inputs{}. Usage: gen.py SEED stress prints the SEED-th (1-based){}.\n"
      "# ---- pjcodec (share/driver/pjcodec.py) ----\n{}\n"
      "# ---- share/coffe/coffe_inputs.py ----\n{}\n"
      "# ---- COFFE's data ----\n_KIND = \"{}\"\n_INPUTS = {}\n_TEST = {}\n\n"
      "if __name__ == \"__main__\":\n    main(_KIND, _INPUTS, _TEST)\n",
      s.name, t.rec->index, test.is_string() ? " and check body" : "",
      test.is_string() ? ";\n# gen.py SEED test the SEED-th literal call of the check body" : "",
      with_newline(codec), with_newline(inputs), s.name, py_strings(t.stress),
      test.is_string() ? json(test).dump() : "None");
}

// A best solution that does not define the entry point continues the prompt.
std::string reference_py(const CoffeSubset& s, const CoffeTask& t) {
  if (s.name != "function") return with_newline(t.best);
  const std::string entry = t.rec->data["entry_point"].get<std::string>();
  const std::string name = entry.substr(entry.find('.') + 1);
  if (t.best.find("def " + name + "(") != std::string::npos) return with_newline(t.best);
  return with_newline(t.rec->data["prompt"].get<std::string>()) + with_newline(t.best);
}

const json& testcase_field(const json& tc, const char* name, const fs::path& file,
                           const std::string& key, std::size_t i) {
  if (!tc.is_object() || !tc.contains(name)) {
    fail_coffe(file, key, fmt::format("testcase {} has no \"{}\"", i, name));
  }
  return tc[name];
}

void write_tests(const CoffeSubset& s, const CoffeTask& t, const fs::path& tests_file,
                 const fs::path& dir) {
  const std::string& key = t.rec->key;
  if (!t.testcases->is_array()) fail_coffe(tests_file, key, "expected a list of testcases");
  fs::create_directories(dir);
  for (std::size_t i = 0; i < t.testcases->size(); ++i) {
    const json& tc = (*t.testcases)[i];
    const json& in = testcase_field(tc, "input", tests_file, key, i);
    const json& out = testcase_field(tc, "output", tests_file, key, i);
    if (s.name == "function") {
      if (!in.is_array())
        fail_coffe(tests_file, key, fmt::format("testcase {}: input must be the argument list", i));
      if (!out.is_array() || out.size() != 1) {
        fail_coffe(tests_file, key, fmt::format("testcase {}: output must be [return value]", i));
      }
      write_file(dir / fmt::format("{}.json", i), json{{"args", in}, {"expected", out[0]}}.dump());
    } else {
      if (!in.is_string() || !out.is_string()) {
        fail_coffe(tests_file, key, fmt::format("testcase {}: input and output must be text", i));
      }
      write_file(dir / fmt::format("{}.in", i), in.get<std::string>());
      write_file(dir / fmt::format("{}.out", i), out.get<std::string>());
    }
  }
}

void write_task(const CoffeSubset& s, const CoffeTask& t, const KeyedFiles& k, const fs::path& dir,
                const std::string& codec, const std::string& inputs) {
  fs::create_directories(dir / "ref");
  fs::remove_all(dir / "tests");  // a re-import must not keep tests COFFE no longer has
  write_file(dir / "task.toml", task_toml(s, t));
  write_file(dir / "statement.md",
             fmt::format("# {}\n\n{}", title_of(s, t), with_newline(t.rec->key)));
  if (s.name == "function") {
    write_file(dir / "prompt.py", with_newline(t.rec->data["prompt"].get<std::string>()));
  }
  write_file(dir / "ref" / "best.py", reference_py(s, t));
  write_file(dir / "gen.py", gen_py(s, t, codec, inputs));
  if (t.testcases != nullptr) write_tests(s, t, k.tests_file, dir / "tests");
}

void import_subset(const CoffeSubset& s, const fs::path& out_dir, CoffeImport& result) {
  const KeyedFiles k = read_keyed(s);
  std::vector<CoffeTask> tasks = collect(s, k, result.warnings);
  probe(s, tasks);
  const std::string codec = read_file(share_dir() / "driver" / "pjcodec.py");
  const std::string inputs = read_file(share_dir() / "coffe" / "coffe_inputs.py");
  for (const auto& t : tasks) {
    const std::string& key = t.rec->key;
    if (t.seeds.empty()) {
      result.warnings.push_back(
          fmt::format("{}: no usable stressful input ({}); task {} not imported",
                      coffe_where(k.stress_file, key), t.excluded, t.rec->id));
      continue;
    }
    if (!t.test_error.empty()) {
      result.warnings.push_back(
          fmt::format("{}: test: {}", coffe_where(s.dir / "data.json", key), t.test_error));
    }
    const bool has_tests = t.testcases != nullptr || (s.name == "function" && t.test_calls > 0);
    if (!has_tests) {
      const std::string where = k.tests.is_null()
                                    ? (s.dir / "testcases.json").string() + " is absent"
                                    : coffe_where(k.tests_file, key) + ": no entry";
      result.warnings.push_back(fmt::format(
          "{}: task {} has no correctness tests{} (its stress outputs are still checked against "
          "the reference's)",
          where, t.rec->id, s.name == "function" ? " and its check body no literal call" : ""));
    }
    const fs::path dir = out_dir / s.name / t.rec->id;
    write_task(s, t, k, dir, codec, inputs);
    result.task_dirs.push_back(dir);
    if (!t.excluded.empty()) ++result.excluded;
  }
}

}  // namespace

CoffeImport import_coffe(const fs::path& coffe_dir, const fs::path& out_dir) {
  CoffeImport result;
  bool any = false;
  for (const std::string subset : {"function", "file"}) {
    if (!fs::is_directory(coffe_dir / "datasets" / subset)) continue;
    any = true;
    import_subset(read_coffe_subset(coffe_dir, subset), out_dir, result);
  }
  if (!any) {
    fail_input(
        fmt::format("{}: neither datasets/function nor datasets/file exists", coffe_dir.string()));
  }
  return result;
}

}  // namespace pj::harness
