#include "harness/task/task.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "harness/lang/languages.hpp"
#include "harness/task/task_paths.hpp"
#include "harness/task/task_toml.hpp"

namespace pj::harness {

namespace fs = std::filesystem;
using detail::ManifestReader;

namespace {

constexpr std::string_view kAllLanguages[] = {"cpp", "c", "python", "rust", "java", "javascript"};

std::optional<int> rank_of_level(std::string_view level) {
  if (level == "naive") return 0;
  if (level == "good") return 1;
  if (level == "expert") return 2;
  return std::nullopt;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Resolves a file named by the manifest; reports it (at the key's line) when it is missing or
// escapes the task directory.
std::optional<fs::path> task_file(ManifestReader& r, const Task& t, const toml::table& tbl,
                                  std::string_view key, const std::string& rel) {
  const int line = r.line_of(tbl, key);
  std::string why;
  const auto full = path_beneath(t.dir, rel, why);
  if (!full) {
    r.error(line, fmt::format("{} '{}' {}", key, rel, why));
    return std::nullopt;
  }
  if (!fs::is_regular_file(*full)) {
    r.error(line, fmt::format("{} '{}' does not exist ({})", key, rel, full->string()));
    return std::nullopt;
  }
  return full;
}

void load_top(ManifestReader& r, const toml::table& tbl, Task& t) {
  r.check_keys(
      tbl,
      {"id", "title", "statement", "kind", "languages", "default_language", "aliases", "excluded",
       "entry_point", "prompt", "python", "limits", "checker", "tests", "stress", "references"},
      "task.toml");
  static const std::regex id_re("[a-z0-9][a-z0-9_.-]{0,63}");
  if (auto id = r.get_string(tbl, "id")) {
    if (!std::regex_match(*id, id_re)) {
      r.error(r.line_of(tbl, "id"),
              fmt::format("id '{}' must match [a-z0-9][a-z0-9_.-]* (at most 64 characters)", *id));
    }
    t.id = *id;
  } else if (!tbl.contains("id")) {
    r.error(1, "missing required key 'id'");
  }
  t.title = r.get_string(tbl, "title").value_or(t.id);
  if (auto kind = r.get_string(tbl, "kind")) {
    if (*kind == "program") {
      t.kind = TaskKind::Program;
    } else if (*kind == "function") {
      t.kind = TaskKind::Function;
    } else {
      r.error(r.line_of(tbl, "kind"),
              fmt::format("kind must be 'program' or 'function', not '{}'", *kind));
    }
  }
  if (auto st = r.get_string(tbl, "statement")) {
    if (auto p = task_file(r, t, tbl, "statement", *st)) t.statement = *p;
  } else if (!tbl.contains("statement")) {
    r.error(1, "missing required key 'statement'");
  }
  t.aliases = r.get_strings(tbl, "aliases").value_or(std::vector<std::string>{});
  t.excluded = r.get_bool(tbl, "excluded").value_or(false);
}

void load_languages(ManifestReader& r, const toml::table& tbl, Task& t) {
  if (t.kind == TaskKind::Function) {
    t.languages = {"python"};
  } else {
    t.languages.assign(std::begin(kAllLanguages), std::end(kAllLanguages));
  }
  if (auto langs = r.get_strings(tbl, "languages")) {
    t.languages.clear();
    for (const auto& name : *langs) {
      auto lang = language_from_name(name);
      if (!lang) {
        r.error(r.line_of(tbl, "languages"), fmt::format("unknown language '{}'", name));
      } else if (t.kind == TaskKind::Function && *lang != "python") {
        r.error(r.line_of(tbl, "languages"), "function tasks accept only python");
      } else {
        t.languages.push_back(*lang);
      }
    }
    if (langs->empty()) r.error(r.line_of(tbl, "languages"), "'languages' must not be empty");
  }
  t.default_language = t.languages.empty() ? "" : t.languages.front();
  if (auto def = r.get_string(tbl, "default_language")) {
    auto lang = language_from_name(*def);
    if (!lang || std::find(t.languages.begin(), t.languages.end(), *lang) == t.languages.end()) {
      r.error(r.line_of(tbl, "default_language"),
              fmt::format("default_language '{}' is not one of 'languages'", *def));
    } else {
      t.default_language = *lang;
    }
  }
}

void load_function_keys(ManifestReader& r, const toml::table& tbl, Task& t) {
  // Both kinds: the code that completion-only samples continue (README.md, "Raw responses").
  if (auto prompt = r.get_string(tbl, "prompt")) {
    if (auto p = task_file(r, t, tbl, "prompt", *prompt)) t.prompt = read_text(*p);
  }
  auto entry = r.get_string(tbl, "entry_point");
  if (t.kind == TaskKind::Program) {
    if (entry) r.error(r.line_of(tbl, "entry_point"), "entry_point is for function tasks only");
    return;
  }
  // A function, or a method of a class the driver instantiates per call ("Solution.twoSum").
  static const std::regex ident("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  if (!entry) {
    if (!tbl.contains("entry_point")) r.error(1, "function task: missing key 'entry_point'");
  } else if (!std::regex_match(*entry, ident)) {
    r.error(r.line_of(tbl, "entry_point"),
            fmt::format("entry_point '{}' is not a Python identifier or Class.method", *entry));
  } else {
    t.entry_point = *entry;
  }
}

// One [python] integer key, checked against what Python itself accepts, so that a bad value
// fails here, naming the key, and not in every execution.
template <class Valid>
void python_integer(ManifestReader& r, const toml::table& py, std::string_view key,
                    std::string_view expected, Valid valid, std::optional<std::int64_t>& field) {
  const toml::node* n = py.get(key);
  if (n == nullptr) return;
  const auto* i = n->as_integer();
  if (i == nullptr || !valid(i->get())) {
    return r.error_at(*n, fmt::format("python.{} must be {}", key, expected));
  }
  field = i->get();
}

void load_python(ManifestReader& r, const toml::table& tbl, Task& t) {
  const toml::node* n = tbl.get("python");
  if (n == nullptr) return;
  const auto* py = n->as_table();
  if (py == nullptr) return r.error_at(*n, "[python] must be a table");
  r.check_keys(*py, {"recursion_limit", "int_max_str_digits"}, "[python]");
  python_integer(
      r, *py, "recursion_limit", "an integer from 100 to 100000000",
      [](std::int64_t v) { return v >= 100 && v <= 100'000'000; }, t.python.recursion_limit);
  // Python refuses 1..639 (sys.int_info.str_digits_check_threshold).
  python_integer(
      r, *py, "int_max_str_digits", "0 (no limit) or an integer from 640 to 2000000000",
      [](std::int64_t v) { return v == 0 || (v >= 640 && v <= 2'000'000'000); },
      t.python.int_max_str_digits);
}

void load_limits(ManifestReader& r, const toml::table& tbl, Task& t) {
  const toml::node* n = tbl.get("limits");
  if (n == nullptr) return;
  const auto* lim = n->as_table();
  if (lim == nullptr) return r.error_at(*n, "[limits] must be a table");
  r.check_keys(*lim, {"cpu_seconds", "memory_mib", "output_mib", "alpha"}, "[limits]");
  auto positive = [&](std::string_view key, auto& field) {
    if (auto v = r.get_number(*lim, key)) {
      if (*v <= 0) {
        r.error(r.line_of(*lim, key), fmt::format("limits.{} must be positive", key));
      } else {
        field = static_cast<std::remove_reference_t<decltype(field)>>(*v);
      }
    }
  };
  positive("cpu_seconds", t.limits.cpu_seconds);
  positive("memory_mib", t.limits.memory_mib);
  positive("output_mib", t.limits.output_mib);
  positive("alpha", t.limits.alpha);
}

void load_checker(ManifestReader& r, const toml::table& tbl, Task& t) {
  t.checker.type = t.kind == TaskKind::Function ? CheckerType::Exact : CheckerType::Tokens;
  const toml::node* n = tbl.get("checker");
  if (n == nullptr) return;
  const auto* ch = n->as_table();
  if (ch == nullptr) return r.error_at(*n, "[checker] must be a table");
  r.check_keys(*ch, {"type", "abs_tol", "rel_tol", "file"}, "[checker]");
  if (auto type = r.get_string(*ch, "type")) {
    static const std::map<std::string, CheckerType> types = {{"exact", CheckerType::Exact},
                                                             {"tokens", CheckerType::Tokens},
                                                             {"float", CheckerType::Float},
                                                             {"loose", CheckerType::Loose},
                                                             {"program", CheckerType::Program}};
    auto it = types.find(*type);
    if (it == types.end()) {
      r.error(r.line_of(*ch, "type"),
              fmt::format("checker type must be exact, tokens, float, loose or program, not '{}'",
                          *type));
    } else {
      t.checker.type = it->second;
    }
  }
  if (auto v = r.get_number(*ch, "abs_tol")) t.checker.abs_tol = *v;
  if (auto v = r.get_number(*ch, "rel_tol")) t.checker.rel_tol = *v;
  if (t.checker.abs_tol < 0 || t.checker.rel_tol < 0) {
    r.error(ch->source().begin.line, "checker tolerances must not be negative");
  }
  auto file = r.get_string(*ch, "file");
  if (t.checker.type == CheckerType::Program) {
    if (!file) {
      r.error(ch->source().begin.line, "checker type 'program' needs 'file'");
    } else if (auto p = task_file(r, t, *ch, "file", *file)) {
      if (!language_from_extension(p->extension().string())) {
        r.error(r.line_of(*ch, "file"), "checker file has no known language extension");
      }
      t.checker.file = *p;
    }
  } else if (file) {
    r.error(r.line_of(*ch, "file"), "'file' is only for checker type 'program'");
  }
}

std::optional<fs::path> optional_file(const fs::path& p) {
  if (fs::is_regular_file(p)) return p;
  return std::nullopt;
}

void load_file_tests(ManifestReader& r, const fs::path& dir, int line, Task& t) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    if (!resolves_beneath(t.dir, e.path())) {  // tests/x.in -> /etc/shadow
      r.error(line, fmt::format("test file {} leaves the task directory", e.path().string()));
      continue;
    }
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const std::string ext = f.extension().string();
    if (t.kind == TaskKind::Program && ext == ".in") {
      TestCase tc{
          f.stem().string(), f, optional_file(fs::path(f).replace_extension(".out")), {}, {}};
      t.tests.push_back(tc);
    } else if (t.kind == TaskKind::Program && ext == ".out") {
      if (!fs::is_regular_file(fs::path(f).replace_extension(".in"))) {
        r.error(line, fmt::format("test output {} has no matching .in", f.string()));
      }
    } else if (t.kind == TaskKind::Function && ext == ".json") {
      nlohmann::json j = nlohmann::json::parse(read_text(f), nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("args") || !j["args"].is_array()) {
        r.error(line,
                fmt::format("{}: must be a JSON object {{\"args\": [...], \"expected\": ...}}",
                            f.string()));
        continue;
      }
      TestCase tc{f.stem().string(), f, std::nullopt, {}, {}};
      if (j.contains("expected")) tc.expected = f;
      t.tests.push_back(tc);
    }
  }
}

void load_tests(ManifestReader& r, const toml::table& tbl, Task& t) {
  const toml::table empty;
  const toml::table* tt = &empty;
  if (const toml::node* n = tbl.get("tests")) {
    tt = n->as_table();
    if (tt == nullptr) return r.error_at(*n, "[tests] must be a table");
    r.check_keys(*tt, {"dir", "generated"}, "[tests]");
  }
  const auto dir_name = r.get_string(*tt, "dir");
  std::string why;
  const auto dir = path_beneath(t.dir, dir_name.value_or("tests"), why);
  if (!dir) {
    r.error(r.line_of(*tt, "dir"),
            fmt::format("tests.dir '{}' {}", dir_name.value_or("tests"), why));
  } else if (fs::is_directory(*dir)) {
    load_file_tests(r, *dir, r.line_of(*tt, "dir"), t);
  } else if (dir_name) {
    r.error(r.line_of(*tt, "dir"), fmt::format("tests directory '{}' does not exist", *dir_name));
  }
  const toml::node* gen = tt->get("generated");
  if (gen == nullptr) return;
  const auto* arr = gen->as_array();
  if (arr == nullptr) return r.error_at(*gen, "'tests.generated' must be an array of tables");
  for (const toml::node& el : *arr) {
    const auto* g = el.as_table();
    if (g == nullptr) return r.error_at(el, "'tests.generated' must be an array of tables");
    r.check_keys(*g, {"args", "seeds"}, "tests.generated");
    auto args = r.get_strings(*g, "args").value_or(std::vector<std::string>{});
    auto seeds = r.get_seeds(*g, "seeds").value_or(std::vector<std::uint64_t>{});
    if (seeds.empty()) r.error_at(el, "generated tests need a non-empty 'seeds'");
    for (auto seed : seeds) {
      TestCase tc;
      tc.name = fmt::format("gen-{}-s{}", fmt::join(args, "_"), seed);
      tc.gen_args = args;
      tc.gen_seed = seed;
      t.tests.push_back(tc);
    }
  }
}

// `inputs = ["stress/l0-1.json", ...]`: files stored in the task, one input each, seeds 1..N.
void load_fixed_inputs(ManifestReader& r, const toml::table& l, Task& t, StressLevel& level) {
  const auto files = r.get_strings(l, "inputs");
  if (!files) return;
  if (l.contains("args") || l.contains("seeds")) {
    r.error(r.line_of(l, "inputs"),
            fmt::format("stress level {}: 'inputs' cannot be combined with 'args' or 'seeds'",
                        level.index));
  }
  if (files->empty()) {
    r.error(r.line_of(l, "inputs"),
            fmt::format("stress level {}: 'inputs' must not be empty", level.index));
  }
  for (const auto& rel : *files) {
    auto p = task_file(r, t, l, "inputs", rel);
    if (!p) continue;
    level.inputs.push_back(*p);
    level.seeds.push_back(level.inputs.size());
  }
}

void load_stress(ManifestReader& r, const toml::table& tbl, Task& t) {
  const toml::node* n = tbl.get("stress");
  if (n == nullptr) return;
  const auto* st = n->as_table();
  if (st == nullptr) return r.error_at(*n, "[stress] must be a table");
  r.check_keys(*st, {"generator", "levels"}, "[stress]");
  if (auto g = r.get_string(*st, "generator")) {
    if (auto p = task_file(r, t, *st, "generator", *g)) {
      const std::string ext = p->extension().string();
      if (ext != ".py" && ext != ".cpp") {
        r.error(r.line_of(*st, "generator"), "generator must be a .py or .cpp file");
      }
      t.generator = *p;
    }
  }
  const toml::node* lv = st->get("levels");
  if (lv == nullptr) {
    if (t.generator.empty() && !st->contains("generator")) {
      r.error(st->source().begin.line, "[stress] needs 'generator'");
    }
    return;
  }
  const auto* arr = lv->as_array();
  if (arr == nullptr) return r.error_at(*lv, "'stress.levels' must be an array of tables");
  bool generated = false;
  for (const toml::node& el : *arr) {
    const auto* l = el.as_table();
    if (l == nullptr) return r.error_at(el, "'stress.levels' must be an array of tables");
    r.check_keys(*l, {"args", "seeds", "inputs", "hardness"}, "[[stress.levels]]");
    StressLevel level;
    level.index = static_cast<int>(t.levels.size());
    level.hardness = r.get_number(*l, "hardness").value_or(0);
    if (level.hardness < 0) r.error(r.line_of(*l, "hardness"), "hardness must not be negative");
    if (l->contains("inputs")) {
      load_fixed_inputs(r, *l, t, level);
    } else {
      generated = true;
      level.args = r.get_strings(*l, "args").value_or(std::vector<std::string>{});
      level.seeds = r.get_seeds(*l, "seeds").value_or(std::vector<std::uint64_t>{});
      if (level.seeds.empty()) {
        r.error_at(el, "a stress level needs a non-empty 'seeds' or 'inputs'");
      }
    }
    t.levels.push_back(level);
  }
  // Only generated levels need a generator; a task all of whose levels are fixed has none.
  if (generated && t.generator.empty() && !st->contains("generator")) {
    r.error(st->source().begin.line, "[stress] needs 'generator'");
  }
}

void load_references(ManifestReader& r, const toml::table& tbl, Task& t) {
  const toml::node* n = tbl.get("references");
  const auto* arr = n ? n->as_array() : nullptr;
  if (arr == nullptr || arr->empty()) {
    return r.error(n ? static_cast<int>(n->source().begin.line) : 1,
                   "at least one [[references]] is required");
  }
  std::set<std::string> names;
  for (const toml::node& el : *arr) {
    const auto* ref = el.as_table();
    if (ref == nullptr) return r.error_at(el, "'references' must be an array of tables");
    r.check_keys(*ref, {"name", "file", "level"}, "[[references]]");
    Reference out;
    auto file = r.get_string(*ref, "file");
    if (!file) {
      r.error_at(el, "a reference needs 'file'");
      continue;
    }
    out.name = r.get_string(*ref, "name").value_or(fs::path(*file).stem().string());
    if (!names.insert(out.name).second) {
      r.error(r.line_of(*ref, "name"), fmt::format("duplicate reference name '{}'", out.name));
    }
    out.level = r.get_string(*ref, "level").value_or("");
    if (auto rank = rank_of_level(out.level)) {
      out.rank = *rank;
    } else {
      r.error(r.line_of(*ref, "level"),
              fmt::format("reference level must be naive, good or expert, not '{}'", out.level));
    }
    auto p = task_file(r, t, *ref, "file", *file);
    if (!p) continue;
    out.file = *p;
    auto lang = language_from_extension(p->extension().string());
    if (!lang) {
      r.error(r.line_of(*ref, "file"),
              fmt::format("reference '{}': unknown language of {}", out.name, *file));
      continue;
    }
    if (t.kind == TaskKind::Function && *lang != "python") {
      r.error(r.line_of(*ref, "file"), "function task references must be Python");
    }
    out.language = *lang;
    t.references.push_back(out);
  }
  std::stable_sort(t.references.begin(), t.references.end(),
                   [](const Reference& a, const Reference& b) { return a.rank < b.rank; });
}

void check_consistency(ManifestReader& r, Task& t) {
  const bool generated_tests =
      std::any_of(t.tests.begin(), t.tests.end(), [](const TestCase& tc) { return tc.gen_seed; });
  // A fixed level whose files are all missing has no seeds either, and is reported already.
  const bool generated_levels =
      std::any_of(t.levels.begin(), t.levels.end(),
                  [](const StressLevel& l) { return !l.fixed() && !l.seeds.empty(); });
  if ((generated_tests || generated_levels) && t.generator.empty()) {
    r.error(1, "generated tests and stress levels need [stress] generator");
  }
  if (t.tests.empty() && t.levels.empty() && r.ok()) {
    r.error(1, "the task has no correctness tests and no stress levels");
  }
}

std::string manifest_hash(const Task& t) {
  Hasher h;
  h.add_file(t.manifest);
  auto add = [&](const fs::path& p) {
    if (p.empty()) return;
    h.add(fs::relative(p, t.dir).string());
    h.add_file(p);
  };
  add(t.statement);
  add(t.checker.file);
  add(t.generator);
  for (const auto& tc : t.tests) {
    if (!tc.input.empty()) add(tc.input);
    if (tc.expected && *tc.expected != tc.input) add(*tc.expected);
  }
  for (const auto& l : t.levels)
    for (const auto& in : l.inputs) add(in);
  for (const auto& ref : t.references) add(ref.file);
  h.add(t.prompt);
  for (const auto& a : t.python.driver_args()) h.add(a);
  return h.hex();
}

// Loads one task, recording every problem in r; the task is valid when r.ok().
Task load_into(ManifestReader& r, const fs::path& dir) {
  Task t;
  t.dir = fs::absolute(dir).lexically_normal();
  t.manifest = t.dir / "task.toml";
  if (!fs::is_regular_file(t.manifest)) {
    r.error(0, "no such file");
    return t;
  }
  toml::table tbl;
  try {
    tbl = toml::parse_file(t.manifest.string());
  } catch (const toml::parse_error& e) {
    r.error(static_cast<int>(e.source().begin.line), e.description());
    return t;
  }
  load_top(r, tbl, t);
  load_languages(r, tbl, t);
  load_function_keys(r, tbl, t);
  load_python(r, tbl, t);
  load_limits(r, tbl, t);
  load_checker(r, tbl, t);
  load_tests(r, tbl, t);
  load_stress(r, tbl, t);
  load_references(r, tbl, t);
  check_consistency(r, t);
  if (r.ok()) t.manifest_sha1 = manifest_hash(t);
  return t;
}

}  // namespace

std::vector<std::string> PythonSettings::driver_args() const {
  std::vector<std::string> out;
  if (recursion_limit) {
    out.push_back("--recursion-limit");
    out.push_back(std::to_string(*recursion_limit));
  }
  if (int_max_str_digits) {
    out.push_back("--int-max-str-digits");
    out.push_back(std::to_string(*int_max_str_digits));
  }
  return out;
}

const fs::path& StressLevel::input_file(std::uint64_t seed) const {
  if (seed < 1 || seed > inputs.size()) {
    fail_internal(fmt::format("stress level {} has no fixed input {}", index, seed));
  }
  return inputs[seed - 1];
}

const Reference& Task::best_reference() const {
  if (references.empty()) fail_internal("task " + id + " has no reference");
  const int top = references.back().rank;
  for (const auto& ref : references) {
    if (ref.rank == top) return ref;
  }
  return references.back();
}

Task load_task(const fs::path& dir) {
  ManifestReader r(fs::absolute(dir).lexically_normal() / "task.toml");
  Task t = load_into(r, dir);
  if (!r.ok()) fail_input(r.errors().front());
  return t;
}

LoadReport load_suite(const fs::path& root) {
  LoadReport report;
  if (!fs::is_directory(root)) {
    report.errors.push_back(fmt::format("{}: not a directory", root.string()));
    return report;
  }
  std::vector<fs::path> dirs;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().filename() == "task.toml") {
      dirs.push_back(e.path().parent_path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  std::map<std::string, fs::path> names;  // ids and aliases -> manifest
  for (const auto& dir : dirs) {
    ManifestReader r(fs::absolute(dir).lexically_normal() / "task.toml");
    Task t = load_into(r, dir);
    report.errors.insert(report.errors.end(), r.errors().begin(), r.errors().end());
    if (!r.ok()) continue;
    bool clash = false;
    for (const auto& name : [&] {
           auto all = t.aliases;
           all.insert(all.begin(), t.id);
           return all;
         }()) {
      auto [it, inserted] = names.emplace(name, t.manifest);
      if (!inserted) {
        report.errors.push_back(fmt::format("{}:1: task id or alias '{}' is already used by {}",
                                            t.manifest.string(), name, it->second.string()));
        clash = true;
      }
    }
    if (!clash) report.tasks.push_back(std::move(t));
  }
  std::sort(report.tasks.begin(), report.tasks.end(),
            [](const Task& a, const Task& b) { return a.id < b.id; });
  return report;
}

std::string_view to_string(TaskKind k) {
  return k == TaskKind::Program ? "program" : "function";
}

}  // namespace pj::harness
