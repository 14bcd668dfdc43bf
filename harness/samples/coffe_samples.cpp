// `perfjudge import coffe --samples FILE --out SAMPLES.jsonl`: one model's COFFE outputs as
// perfjudge samples (README.md, "Importing COFFE").
#include <fmt/format.h>

#include <fstream>
#include <map>

#include "core/error.hpp"
#include "core/file.hpp"
#include "harness/samples/coffe_detail.hpp"
#include "harness/samples/coffe_import.hpp"

namespace pj::harness {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// examples/<subset>/<Model>.json: the subset is the parent directory's name.
std::string subset_of(const fs::path& samples_file) {
  const std::string subset = fs::absolute(samples_file).parent_path().filename().string();
  if (subset != "function" && subset != "file") {
    fail_input(fmt::format("{}: expected examples/function/MODEL.json or examples/file/MODEL.json",
                           samples_file.string()));
  }
  return subset;
}

const json& responses_of(const json& value, const fs::path& file, const std::string& key) {
  if (!value.is_array() || value.size() != 2 || !value[0].is_array()) {
    detail::fail_coffe(file, key, "expected [[response, ...], valid]");
  }
  for (const auto& r : value[0]) {
    if (!r.is_string()) detail::fail_coffe(file, key, "a response is not a string");
  }
  return value[0];
}

}  // namespace

CoffeSamples convert_coffe_samples(const fs::path& samples_file, const fs::path& coffe_dir,
                                   const fs::path& out_jsonl) {
  const CoffeSubset subset = read_coffe_subset(coffe_dir, subset_of(samples_file));
  const json samples = detail::read_coffe_json(samples_file);
  if (!samples.is_object())
    fail_input(samples_file.string() + ": expected an object keyed by prompt text");
  CoffeSamples result;
  result.model = samples_file.stem().string();
  std::map<std::string, const CoffeRecord*> by_key;
  for (const auto& rec : subset.records) by_key.emplace(rec.key, &rec);
  for (auto it = samples.begin(); it != samples.end(); ++it) {
    responses_of(it.value(), samples_file, it.key());  // check every entry before writing
    if (!by_key.count(it.key())) {
      result.warnings.push_back(fmt::format("{}: no record of {} has this prompt; skipped",
                                            detail::coffe_where(samples_file, it.key()),
                                            (subset.dir / "data.json").string()));
    }
  }
  std::ofstream out(out_jsonl, std::ios::binary | std::ios::trunc);
  if (!out) fail_input(out_jsonl.string() + ": cannot be written");
  // Raw model responses: `perfjudge run` sanitizes them. A function-level response is a
  // completion, so that one that only continues the prompt gets it in front.
  const char* field = subset.name == "function" ? "completion" : "solution";
  for (const auto& rec : subset.records) {  // data.json order, not the object's key order
    const auto it = samples.find(rec.key);
    if (it == samples.end()) continue;
    const json& responses = (*it)[0];
    for (std::size_t i = 0; i < responses.size(); ++i) {
      const json line = {{"task_id", rec.id},
                         {"model", result.model},
                         {"sample_id", i},
                         {"raw", true},
                         {field, responses[i]}};
      out << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
      ++result.samples;
    }
  }
  if (!out.flush()) fail_input(out_jsonl.string() + ": write failed");
  return result;
}

}  // namespace pj::harness
