// Reading model samples from files, one at a time (a sample file is never loaded whole), and
// resolving each to a task and a language. Formats: README.md, section "Samples".
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/task/task.hpp"

namespace pj::harness {

enum class SampleFormat { Jsonl, EnamelJson, Directory, SingleFile };

// From the path: a directory, *.jsonl, *.json (ENAMEL), or anything else is one program.
SampleFormat detect_sample_format(const std::filesystem::path& path);

// One sample as written in the file, before it is matched to a task.
struct RawSample {
  std::string task_ref;                             // task_id or alias as written
  std::optional<std::int64_t> enamel_index;         // ENAMEL JSON: the problem index
  std::string model;                                // "" when the file does not say
  std::string sample_id;                            // "" when the file does not say
  std::optional<std::string> language;              // explicit language field
  std::string extension;                            // ".cpp" for files; "" otherwise
  std::string text;                                 // solution, completion or raw response
  bool completion = false;                          // text is a completion: prepend the prompt
  bool raw = false;                                 // text is a raw model response: sanitize it
  std::optional<std::filesystem::path> executable;  // a ready-to-run program (single file)
  std::string origin;                               // "FILE:LINE" for messages
};

using SampleSink = std::function<void(RawSample&&)>;
using ErrorSink = std::function<void(const std::string&)>;  // one line, "FILE:LINE: what"

// Streams every sample of `path` to `sink`. A bad record is reported through `on_error`
// and skipped; an unreadable file throws pj::Error(Input).
void read_samples(const std::filesystem::path& path, const SampleSink& sink,
                  const ErrorSink& on_error);

// One EvalPlus-style JSONL record (README.md, "Samples"): task_id, model, sample_id, language,
// and the text by the raw/solution/completion rule. A bad record is reported through
// `on_error` as "WHERE: what" (one line per problem found) and gives nullopt. `record`, when
// given, receives the parsed object, for a caller that passes its other fields on (sanitize).
std::optional<RawSample> parse_jsonl_line(const std::string& line, const std::string& where,
                                          const ErrorSink& on_error,
                                          nlohmann::json* record = nullptr);

// Task lookup by id, alias and ENAMEL index (an alias "N" or "Something/N").
class TaskIndex {
 public:
  explicit TaskIndex(const std::vector<Task>& tasks);
  const Task* find(std::string_view id_or_alias) const;
  const Task* find_enamel(std::int64_t index) const;

 private:
  std::map<std::string, const Task*, std::less<>> by_name_;
  std::map<std::int64_t, const Task*> by_index_;
};

// Whether a `completion` continues the task's prompt (EvalPlus style), so the prompt goes in
// front of it. A clean completion always does; a raw one only when the task has a prompt and
// the completion has no fence and does not restate it: for a function task, does not define
// the entry point itself (`def f(`, or `class C` and `def m(` for C.m); for a program task,
// does not contain the prompt's first line.
bool continues_prompt(const Task& task, std::string_view completion, bool raw);

// A sample matched to its task, with its language decided and its program text final (raw
// responses are sanitized later, by the pipeline, which stores the report).
struct Sample {
  const Task* task = nullptr;
  std::string model;
  std::string sample_id;
  std::string language;  // a name from languages.hpp, or "executable"
  std::string source;    // the program, or the raw response when raw
  bool raw = false;
  std::optional<std::filesystem::path> executable;
  std::string origin;
};

// Matches a raw sample to its task and language. Returns nullopt and reports one line
// "ORIGIN: what" for an unknown task, an unknown or disallowed language, an empty solution
// or text that is not UTF-8. default_model fills a missing model field (--model).
std::optional<Sample> resolve_sample(RawSample&& raw, const TaskIndex& tasks,
                                     std::string_view default_model, const ErrorSink& on_error);

// Content hash of a sample file or directory (part of the run key).
std::string samples_hash(const std::filesystem::path& path);

}  // namespace pj::harness
