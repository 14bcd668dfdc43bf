// `perfjudge import coffe DIR --out OUT`: COFFE's function-level and file-level tasks, and
// `perfjudge import coffe --samples FILE --out SAMPLES.jsonl`: one model's outputs as samples.
// See README.md, "Importing COFFE", for the layout of an imported task.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pj::harness {

// One record of datasets/<subset>/data.json, with what the keyed files hold for it.
struct CoffeRecord {
  std::size_t index = 0;  // position in data.json
  std::string id;         // the perfjudge task id, unique within the subset
  std::string key;        // the prompt text that keys the other files
  nlohmann::json data;    // the record as data.json holds it
};

// datasets/<subset> of a COFFE checkout: "function" or "file".
struct CoffeSubset {
  std::string name;
  std::filesystem::path dir;
  std::vector<CoffeRecord> records;  // in data.json order
};

// Reads data.json and names the tasks. The names depend on data.json alone, so that the
// samples conversion gives the ids the task import gave. Throws pj::Error(Input)
// "FILE:LINE: what" (malformed JSON) or "FILE: key: what" (a wrong shape).
CoffeSubset read_coffe_subset(const std::filesystem::path& coffe_dir, const std::string& subset);

// A task id from untrusted text: [a-z0-9-], at most 64 characters, starting with a letter
// or digit ("Mbpp/9 (odd)" -> "mbpp-9-odd").
std::string coffe_name(std::string_view text);

struct CoffeImport {
  std::vector<std::filesystem::path> task_dirs;  // function level first, each in data.json order
  std::size_t excluded = 0;
  std::vector<std::string> warnings;  // one line each, "FILE: key: what"
};

// Writes one task directory per importable record of datasets/function and datasets/file
// (either may be missing, not both) under out_dir/function and out_dir/file. Re-importing
// overwrites the task files in place. Runs share_dir()/coffe/coffe_probe.py in the sandbox
// once per subset to find the inputs perfjudge cannot use.
CoffeImport import_coffe(const std::filesystem::path& coffe_dir,
                         const std::filesystem::path& out_dir);

struct CoffeSamples {
  std::size_t samples = 0;  // lines written
  std::string model;
  std::vector<std::string> warnings;
};

// examples/<subset>/<Model>.json -> perfjudge samples JSONL (raw responses, model = the
// file's stem). coffe_dir is the checkout whose datasets/<subset>/data.json names the tasks.
CoffeSamples convert_coffe_samples(const std::filesystem::path& samples_file,
                                   const std::filesystem::path& coffe_dir,
                                   const std::filesystem::path& out_jsonl);

}  // namespace pj::harness
