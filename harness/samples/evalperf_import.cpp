#include "harness/samples/evalperf_import.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "harness/samples/share_helper.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::harness {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Calls on_line(json, line number) for every non-blank line; a line that is not a JSON object
// is "FILE:LINE: malformed JSON ...".
void for_each_record(const fs::path& file, const std::function<void(const json&, int)>& on_line) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot read", file.string()));
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) fail_input(fmt::format("{}:{}: malformed JSON", file.string(), n));
    if (!j.is_object()) fail_input(fmt::format("{}:{}: not a JSON object", file.string(), n));
    on_line(j, n);
  }
}

// The checks every record's fields go through, each failure "FILE:LINE: what".
class Fields {
 public:
  Fields(const json& j, const fs::path& file, int line) : j_(j), file_(file), line_(line) {}

  [[noreturn]] void bad(std::string_view what) const {
    fail_input(fmt::format("{}:{}: {}", file_.string(), line_, what));
  }
  const json* get(const char* key) const {
    const auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  const json& need(const char* key) const {
    const json* v = get(key);
    if (v == nullptr) bad(fmt::format("missing '{}'", key));
    return *v;
  }
  std::string string(const char* key) const {
    const json& v = need(key);
    if (!v.is_string()) bad(fmt::format("'{}' must be a string", key));
    return v.get<std::string>();
  }
  // The elements of the array `list` as Ts, each one first accepted by ok(element); the first
  // one it refuses is bad(what).
  template <class T, class Ok>
  std::vector<T> each(const json& list, std::string_view what, Ok ok) const {
    std::vector<T> out;
    for (const json& e : list) {
      if (!ok(e)) bad(what);
      out.push_back(e.get<T>());
    }
    return out;
  }

 private:
  const json& j_;
  const fs::path& file_;
  int line_;
};

// HumanEval+ and MBPP+ ids only: the task directory's name is built from their two parts.
void check_task_id(const Fields& f, const std::string& id) {
  static const std::regex id_re("(HumanEval|Mbpp)/[0-9]{1,6}");
  if (!std::regex_match(id, id_re)) {
    f.bad(fmt::format("task_id '{}' is not HumanEval/N or Mbpp/N", printable(id, 60)));
  }
}

std::string pe_input_of(const Fields& f, const json& v, bool& is_json) {
  is_json = true;
  if (v.is_array()) return v.dump();
  if (!v.is_string()) f.bad("'pe_input' must be a JSON array or a string holding one");
  // EvalPerf's release stores it as a string of JSON: kept verbatim (nlohmann would turn
  // integers beyond 64 bits into floats). Any other string is taken as a Python literal.
  const std::string text = v.get<std::string>();
  const json parsed = json::parse(text, nullptr, false);
  if (!parsed.is_discarded() && !parsed.is_array()) f.bad("'pe_input' is not a list of arguments");
  is_json = !parsed.is_discarded();
  return text;
}

EvalPerfRecord record_of(const json& j, const fs::path& file, int line) {
  const Fields f(j, file, line);
  EvalPerfRecord r;
  r.line = line;
  r.task_id = f.string("task_id");
  check_task_id(f, r.task_id);
  const json& refs = f.need("reference");
  constexpr std::string_view bad_refs = "'reference' must be a non-empty list of code";
  if (!refs.is_array() || refs.empty()) f.bad(bad_refs);
  r.references = f.each<std::string>(refs, bad_refs, [](const json& ref) {
    return ref.is_string() && !ref.get<std::string>().empty();
  });
  const json& scores = f.need("scores");
  if (!scores.is_array() || scores.size() != refs.size()) {
    f.bad("'scores' must hold one number per reference");
  }
  r.scores = f.each<double>(scores, "'scores' must be numbers from 0 to 100", [](const json& s) {
    return s.is_number() && !(s.get<double>() < 0 || s.get<double>() > 100);
  });
  r.pe_input = pe_input_of(f, f.need("pe_input"), r.pe_input_is_json);
  return r;
}

EvalPlusProblem problem_of(const json& j, const fs::path& file, int line) {
  const Fields f(j, file, line);
  EvalPlusProblem p;
  p.line = line;
  p.task_id = f.string("task_id");
  check_task_id(f, p.task_id);
  p.prompt = f.string("prompt");
  p.entry_point = f.string("entry_point");
  static const std::regex ident("[A-Za-z_][A-Za-z0-9_]*");
  if (!std::regex_match(p.entry_point, ident)) f.bad("entry_point is not a Python identifier");
  if (const json* base = f.get("base_input")) {
    if (!base->is_array()) f.bad("'base_input' must be a list of argument lists");
    for (const json& args : *base) {
      if (!args.is_array()) f.bad("'base_input' must be a list of argument lists");
      p.base_inputs.push_back(args.dump());
    }
  }
  return p;
}

// ---- the Python-literal pe_inputs, converted in one sandboxed process ----------------------

std::vector<json> convert_literals(const std::vector<std::string>& literals) {
  const fs::path script = share_dir() / "evalperf" / "pe_input.py";
  const fs::path driver = share_dir() / "driver";
  if (!fs::is_regular_file(script)) {
    fail_internal(
        fmt::format("import evalperf: {} is missing (set PERFJUDGE_SHARE?)", script.string()));
  }
  const detail::ShareHelperRun run = detail::run_share_helper(
      script, {driver.string()}, {script.parent_path(), driver}, json(literals),
      detail::ShareHelperLimits{.cpu_seconds = 60, .memory_mib = 2048, .output_mib = 1024},
      "pj-evalperf");
  const sandbox::Result& res = run.result;
  if (res.verdict == sandbox::Verdict::IE) {
    fail_internal(
        fmt::format("import evalperf: the sandbox failed: {}", printable(res.message, 300)));
  }
  if (res.verdict != sandbox::Verdict::OK || res.exit_code != 0) {  // a literal beyond limits
    fail_input(fmt::format("import evalperf: pe_input.py failed ({}): {}",
                           sandbox::to_string(res.verdict),
                           printable(first_lines(run.errors(), 3), 300)));
  }
  const json reply = json::parse(run.reply(), nullptr, false);
  if (!reply.is_array() || reply.size() != literals.size()) {
    fail_internal("import evalperf: pe_input.py gave no valid reply");
  }
  return reply.get<std::vector<json>>();
}

// Every record's pe_input as JSON text; a literal that does not convert is "FILE:LINE: what".
void resolve_pe_inputs(std::vector<EvalPerfRecord>& records, const fs::path& file) {
  std::vector<std::string> literals;
  std::vector<EvalPerfRecord*> owners;
  for (auto& r : records) {
    if (r.pe_input_is_json) continue;
    literals.push_back(r.pe_input);
    owners.push_back(&r);
  }
  if (literals.empty()) return;
  const std::vector<json> reply = convert_literals(literals);
  for (std::size_t i = 0; i < owners.size(); ++i) {
    const json& got = reply[i];
    if (!got.value("ok", false) || !got.contains("json") || !got["json"].is_string()) {
      fail_input(fmt::format("{}:{}: {}: pe_input: {}", file.string(), owners[i]->line,
                             owners[i]->task_id,
                             printable(got.value("error", std::string("not convertible")), 200)));
    }
    owners[i]->pe_input = got["json"].get<std::string>();
    owners[i]->pe_input_is_json = true;
  }
}

// ---- the task files ------------------------------------------------------------------------

std::string toml_str(const std::string& s) {
  std::ostringstream ss;
  ss << toml::value<std::string>(s);
  return ss.str();
}

std::string with_newline(std::string_view code) {
  std::string out(code);
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

// "HumanEval/10" -> "evalperf-humaneval-10": from the checked id's two parts alone, so it is
// a safe directory name and a valid task id (docs/TASK_FORMAT.md), distinct from ENAMEL's.
std::string dir_name(const std::string& task_id) {
  const auto slash = task_id.find('/');
  std::string suite = task_id.substr(0, slash);
  for (char& c : suite) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return fmt::format("evalperf-{}-{}", suite, task_id.substr(slash + 1));
}

// The ladder's tiers by position (perfjudge has three): the slowest reference is naive, the
// fastest expert, the ones between good. A single reference is expert.
std::string_view tier(std::size_t i, std::size_t n) {
  if (i + 1 == n) return "expert";
  return i == 0 ? "naive" : "good";
}

std::string task_toml(const EvalPerfRecord& r, const EvalPlusProblem& p,
                      const EvalPerfOptions& opt) {
  std::string s = fmt::format(
      "# Imported by `perfjudge import evalperf` from EvalPerf's {}. Re-importing overwrites "
      "it.\nid = {}\ntitle = {}\nstatement = \"statement.md\"\nkind = \"function\"\n"
      "entry_point = {}\nprompt = \"prompt.py\"\naliases = [{}]\n\n"
      "[limits]\ncpu_seconds = {}\nmemory_mib = {}\nalpha = {}\n\n",
      r.task_id, toml_str(dir_name(r.task_id)),
      toml_str(fmt::format("{}: {}", r.task_id, p.entry_point)), toml_str(p.entry_point),
      toml_str(r.task_id), opt.cpu_seconds, opt.memory_mib, opt.alpha);
  s += "# EvalPerf's performance-exercising input (pe_input).\n"
       "[[stress.levels]]\ninputs = [\"stress/pe_input.json\"]\nhardness = 1\n";
  for (std::size_t i = 0; i < r.references.size(); ++i) {
    s += fmt::format(
        "\n[[references]]  # EvalPerf score {}\nname = \"ref{}\"\nfile = \"ref/ref{}.py\"\n"
        "level = \"{}\"\n",
        r.scores[i], i, i, tier(i, r.references.size()));
  }
  return s;
}

// A reference that does not define the entry point is a completion of the prompt.
std::string reference_py(const std::string& code, const EvalPlusProblem& p) {
  const std::regex defines("(^|\\n)\\s*def\\s+" + p.entry_point + "\\s*\\(");
  if (std::regex_search(code, defines)) return with_newline(code);
  return with_newline(p.prompt) + with_newline(code);
}

fs::path write_task(const EvalPerfRecord& r, const EvalPlusProblem& p, const fs::path& out_dir,
                    const EvalPerfOptions& opt) {
  const fs::path dir = out_dir / dir_name(r.task_id);
  fs::remove_all(dir / "ref");  // a re-import with fewer references leaves none behind
  fs::remove_all(dir / "tests");
  fs::create_directories(dir / "ref");
  fs::create_directories(dir / "stress");
  write_file(dir / "task.toml", task_toml(r, p, opt));
  write_file(dir / "statement.md",
             fmt::format("# {}\n\nComplete the function `{}`.\n\n```python\n{}```\n", r.task_id,
                         p.entry_point, with_newline(p.prompt)));
  write_file(dir / "prompt.py", with_newline(p.prompt));
  for (std::size_t i = 0; i < r.references.size(); ++i) {
    write_file(dir / "ref" / fmt::format("ref{}.py", i), reference_py(r.references[i], p));
  }
  write_file(dir / "stress" / "pe_input.json", with_newline(r.pe_input));
  // EvalPlus's base inputs as correctness tests; their answers come from the fastest
  // reference (no "expected"), as EvalPlus computes them from its canonical solution.
  if (!p.base_inputs.empty()) fs::create_directories(dir / "tests");
  for (std::size_t i = 0; i < p.base_inputs.size(); ++i) {
    write_file(dir / "tests" / fmt::format("base-{:03}.json", i),
               fmt::format("{{\"args\": {}}}\n", p.base_inputs[i]));
  }
  return dir;
}

}  // namespace

std::vector<EvalPerfRecord> read_evalperf_jsonl(const fs::path& file) {
  std::vector<EvalPerfRecord> out;
  std::set<std::string> seen;
  for_each_record(file, [&](const json& j, int line) {
    EvalPerfRecord r = record_of(j, file, line);
    if (!seen.insert(r.task_id).second) {
      fail_input(fmt::format("{}:{}: task_id '{}' appears twice", file.string(), line, r.task_id));
    }
    out.push_back(std::move(r));
  });
  return out;
}

std::map<std::string, EvalPlusProblem> read_evalplus_jsonl(const fs::path& file) {
  std::map<std::string, EvalPlusProblem> out;
  for_each_record(file, [&](const json& j, int line) {
    EvalPlusProblem p = problem_of(j, file, line);
    const std::string id = p.task_id;
    if (!out.emplace(id, std::move(p)).second) {
      fail_input(fmt::format("{}:{}: task_id '{}' appears twice", file.string(), line, id));
    }
  });
  return out;
}

EvalPerfImport import_evalperf(const fs::path& evalperf, const fs::path& problems,
                               const fs::path& out_dir, const EvalPerfOptions& opt) {
  std::vector<EvalPerfRecord> records = read_evalperf_jsonl(evalperf);
  const auto known = read_evalplus_jsonl(problems);
  EvalPerfImport result;
  std::vector<EvalPerfRecord> kept;
  for (auto& r : records) {
    if (known.count(r.task_id)) {
      kept.push_back(std::move(r));
    } else {
      result.warnings.push_back(fmt::format("{}:{}: {}: not in {}; skipped", evalperf.string(),
                                            r.line, r.task_id, problems.string()));
    }
  }
  resolve_pe_inputs(kept, evalperf);  // every check passes before any task is written
  for (const auto& r : kept) {
    result.task_dirs.push_back(write_task(r, known.at(r.task_id), out_dir, opt));
  }
  return result;
}

}  // namespace pj::harness
