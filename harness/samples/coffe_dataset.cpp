// Reading a COFFE checkout's datasets/<subset>/data.json and naming its tasks.
#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/text.hpp"
#include "harness/samples/coffe_detail.hpp"
#include "harness/samples/coffe_import.hpp"

namespace pj::harness {

namespace fs = std::filesystem;

namespace detail {

nlohmann::json read_coffe_json(const fs::path& file) {
  if (!fs::is_regular_file(file)) fail_input(file.string() + ": no such file");
  const std::string text = read_file(file);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t end = std::min<std::size_t>(e.byte, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(end), '\n');
    fail_input(fmt::format("{}:{}: malformed JSON", file.string(), line));
  }
}

std::string coffe_where(const fs::path& file, std::string_view key) {
  std::string shown = printable(key, 60);
  if (key.size() > 60) shown += "...";
  return fmt::format("{}: {}", file.string(), shown);
}

void fail_coffe(const fs::path& file, std::string_view key, std::string_view what) {
  fail_input(fmt::format("{}: {}", coffe_where(file, key), what));
}

}  // namespace detail

std::string coffe_name(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (keep) {
      out += l;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';  // any run of other bytes (a '/', "..", a space, UTF-8) is one dash
    }
  }
  if (out.size() > 48) out.resize(48);  // room for "coffe-" and a "-N" suffix within 64
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "task" : out;
}

namespace {

const nlohmann::json& string_field(const nlohmann::json& rec, const char* name,
                                   const fs::path& file, std::size_t i) {
  const auto it = rec.find(name);
  if (it == rec.end() || !it->is_string()) {
    detail::fail_coffe(file, fmt::format("[{}]", i), fmt::format("{} must be a string", name));
  }
  return *it;
}

void check_function_record(const nlohmann::json& rec, const fs::path& file, std::size_t i) {
  for (const char* f : {"task_id", "entry_point", "prompt"}) string_field(rec, f, file, i);
  static const std::regex entry("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  if (!std::regex_match(rec["entry_point"].get<std::string>(), entry)) {
    detail::fail_coffe(file, fmt::format("[{}]", i),
                       "entry_point is not a Python identifier or Class.method");
  }
  if (rec.contains("test") && !rec["test"].is_string() && !rec["test"].is_null()) {
    detail::fail_coffe(file, fmt::format("[{}]", i), "test must be a string");
  }
}

std::string base_name(const nlohmann::json& rec, const std::string& subset, std::size_t i) {
  if (subset == "function") return "coffe-" + coffe_name(rec["task_id"].get<std::string>());
  const auto ds = rec.find("dataset");
  const std::string dataset = ds != rec.end() && ds->is_string() ? ds->get<std::string>() : "";
  return fmt::format("coffe-{}-{}", coffe_name(dataset.empty() ? "file" : dataset), i);
}

// prompts.json lists the keys of the other files. Which field of a record they are is taken
// from it: final_prompt where it lists that, else the function-level prompt. Without the file
// (or when it lists neither) final_prompt.
std::set<std::string> listed_keys(const fs::path& dir) {
  const fs::path file = dir / "prompts.json";
  std::set<std::string> keys;
  if (!fs::exists(file)) return keys;
  const nlohmann::json list = detail::read_coffe_json(file);
  if (!list.is_array()) fail_input(file.string() + ": expected a list of prompt texts");
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) detail::fail_coffe(file, fmt::format("[{}]", i), "not a string");
    keys.insert(list[i].get<std::string>());
  }
  return keys;
}

std::string key_of(const nlohmann::json& rec, const std::set<std::string>& listed) {
  const std::string final_prompt = rec["final_prompt"].get<std::string>();
  if (listed.count(final_prompt)) return final_prompt;
  const auto p = rec.find("prompt");
  if (p != rec.end() && p->is_string() && listed.count(p->get<std::string>())) return *p;
  return final_prompt;
}

}  // namespace

CoffeSubset read_coffe_subset(const fs::path& coffe_dir, const std::string& subset) {
  if (subset != "function" && subset != "file") {
    fail_input(fmt::format("COFFE subset '{}' is neither function nor file", printable(subset)));
  }
  CoffeSubset s{subset, coffe_dir / "datasets" / subset, {}};
  const fs::path file = s.dir / "data.json";
  const nlohmann::json data = detail::read_coffe_json(file);
  if (!data.is_array()) fail_input(file.string() + ": expected a list of records");
  const std::set<std::string> listed = listed_keys(s.dir);
  std::set<std::string> taken;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto& rec = data[i];
    if (!rec.is_object()) detail::fail_coffe(file, fmt::format("[{}]", i), "not an object");
    string_field(rec, "final_prompt", file, i);
    if (subset == "function") check_function_record(rec, file, i);
    // Two records may sanitize to one name ("Mbpp/9" and "mbpp 9"): later ones get "-2", ...
    const std::string base = base_name(rec, subset, i);
    std::string id = base;
    for (int n = 2; taken.count(id); ++n) id = fmt::format("{}-{}", base, n);
    taken.insert(id);
    s.records.push_back({i, id, key_of(rec, listed), rec});
  }
  return s;
}

}  // namespace pj::harness
