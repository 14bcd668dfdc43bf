#include "harness/samples/samples.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "harness/lang/languages.hpp"

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

std::optional<std::int64_t> parse_index(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::string read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot read", file.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- EvalPlus JSONL ----------------------------------------------------------------------

std::optional<std::string> string_field(const nlohmann::json& j, const char* name,
                                        const std::string& where, const ErrorSink& on_error,
                                        bool& bad) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer() && std::string_view(name) == "sample_id") return it->dump();
  on_error(fmt::format("{}: field '{}' must be a string", where, name));
  bad = true;
  return std::nullopt;
}

}  // namespace

std::optional<RawSample> parse_jsonl_line(const std::string& line, const std::string& where,
                                          const ErrorSink& on_error, nlohmann::json* record) {
  if (!is_valid_utf8(line)) {
    on_error(fmt::format("{}: not valid UTF-8", where));
    return std::nullopt;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    on_error(fmt::format("{}: malformed JSON: {}", where, printable(e.what(), 200)));
    return std::nullopt;
  }
  if (!j.is_object()) {
    on_error(fmt::format("{}: expected a JSON object", where));
    return std::nullopt;
  }
  bool bad = false;
  RawSample s;
  s.origin = where;
  auto task = string_field(j, "task_id", where, on_error, bad);
  auto solution = string_field(j, "solution", where, on_error, bad);
  auto completion = string_field(j, "completion", where, on_error, bad);
  s.model = string_field(j, "model", where, on_error, bad).value_or("");
  s.sample_id = string_field(j, "sample_id", where, on_error, bad).value_or("");
  s.language = string_field(j, "language", where, on_error, bad);
  if (bad) return std::nullopt;
  // "raw" is either the raw response itself, or true to mark solution/completion as raw.
  if (auto it = j.find("raw"); it != j.end() && !it->is_null()) {
    if (it->is_string()) {
      s.raw = true;
      s.text = it->get<std::string>();
    } else if (it->is_boolean()) {
      s.raw = it->get<bool>();
    } else {
      on_error(fmt::format("{}: field 'raw' must be a string or a boolean", where));
      return std::nullopt;
    }
  }
  if (!task) {
    on_error(fmt::format("{}: missing 'task_id'", where));
    return std::nullopt;
  }
  s.task_ref = *task;
  if (s.text.empty()) {
    if (solution) {
      s.text = *solution;
    } else if (completion) {
      s.text = *completion;
      s.completion = true;
    } else if (!s.raw) {
      on_error(fmt::format("{}: missing 'solution' or 'completion'", where));
      return std::nullopt;
    }
  }
  if (record) *record = std::move(j);
  return s;
}

namespace {

void read_jsonl(const fs::path& file, const SampleSink& sink, const ErrorSink& on_error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot read the sample file", file.string()));
  std::string line;
  for (std::int64_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (auto s = parse_jsonl_line(line, fmt::format("{}:{}", file.string(), n), on_error))
      sink(std::move(*s));
  }
}

// ---- ENAMEL JSON, streamed with a SAX handler so the file is never held whole --------------

class EnamelSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  EnamelSax(const fs::path& file, const SampleSink& sink, const ErrorSink& on_error)
      : file_(file.string()), sink_(sink), on_error_(on_error) {}

  bool null() override { return value("null"); }
  bool boolean(bool) override { return value("a boolean"); }
  bool number_integer(number_integer_t) override { return value("a number"); }
  bool number_unsigned(number_unsigned_t) override { return value("a number"); }
  bool number_float(number_float_t, const string_t&) override { return value("a number"); }
  bool binary(binary_t&) override { return value("binary"); }
  bool string(string_t& s) override {
    if (depth_ != 2 || skip_ > 0) return value("a string");
    RawSample r;
    r.enamel_index = problem_;
    r.task_ref = std::to_string(problem_);
    r.sample_id = std::to_string(position_++);
    r.text = std::move(s);
    r.origin = fmt::format("{}: problem {} sample {}", file_, problem_, r.sample_id);
    sink_(std::move(r));
    return true;
  }
  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (depth_ != 1) return true;
    auto idx = parse_index(k);
    if (!idx) {
      on_error_(fmt::format("{}: key '{}' is not a problem index", file_, printable(k, 80)));
      skip_next_ = true;
      return true;
    }
    problem_ = *idx;
    return true;
  }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& e) override {
    fail_input(fmt::format("{}: byte {}: malformed JSON: {}", file_, pos, printable(e.what())));
  }

 private:
  bool open(bool object) {
    ++depth_;
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    if (depth_ == 1) {
      top_is_object_ = object;
      next_list_ = 0;
    } else if (depth_ == 2) {
      if (!top_is_object_) problem_ = next_list_++;
      position_ = 0;
      if (skip_next_ || object) {
        if (!skip_next_) {
          on_error_(fmt::format("{}: problem {}: expected a list of programs", file_, problem_));
        }
        skip_next_ = false;
        skip_ = 1;
      }
    } else {
      on_error_(fmt::format("{}: problem {}: a program must be a string", file_, problem_));
      skip_ = 1;
    }
    return true;
  }
  bool close() {
    --depth_;
    if (skip_ > 0) --skip_;
    return true;
  }
  bool value(const char* what) {
    if (skip_ > 0) return true;
    if (depth_ == 1 && skip_next_) {  // a bad key holding a scalar
      skip_next_ = false;
      return true;
    }
    if (depth_ == 1 && !top_is_object_) ++next_list_;
    if (depth_ == 2) ++position_;
    on_error_(
        fmt::format("{}: problem {}: expected a program (string), got {}", file_, problem_, what));
    return true;
  }

  std::string file_;
  const SampleSink& sink_;
  const ErrorSink& on_error_;
  int depth_ = 0;
  int skip_ = 0;
  bool skip_next_ = false;
  bool top_is_object_ = true;
  std::int64_t next_list_ = 0;
  std::int64_t problem_ = 0;
  std::int64_t position_ = 0;
};

void read_enamel(const fs::path& file, const SampleSink& sink, const ErrorSink& on_error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot read the sample file", file.string()));
  EnamelSax sax(file, sink, on_error);
  try {
    nlohmann::json::sax_parse(in, &sax);
  } catch (const nlohmann::json::exception& e) {
    // Invalid UTF-8 inside a string is reported by the lexer as a parse error.
    fail_input(fmt::format("{}: malformed JSON: {}", file.string(), printable(e.what(), 200)));
  }
}

// ---- DIR/<model>/<task_id>/<n>.<ext> ----------------------------------------------------

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  // Numeric stems in numeric order (2 before 10), then by name.
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
    const auto ia = parse_index(a.stem().string());
    const auto ib = parse_index(b.stem().string());
    if (ia && ib && *ia != *ib) return *ia < *ib;
    if (ia.has_value() != ib.has_value()) return ia.has_value();
    return a.filename() < b.filename();
  });
  return out;
}

void read_directory(const fs::path& root, const SampleSink& sink, const ErrorSink& on_error) {
  for (const fs::path& model : sorted_entries(root)) {
    if (!fs::is_directory(model)) {
      on_error(fmt::format("{}: expected a directory per model (DIR/<model>/<task_id>/<n>.<ext>)",
                           model.string()));
      continue;
    }
    for (const fs::path& task : sorted_entries(model)) {
      if (!fs::is_directory(task)) {
        on_error(fmt::format("{}: expected a directory per task", task.string()));
        continue;
      }
      for (const fs::path& file : sorted_entries(task)) {
        if (!fs::is_regular_file(file)) {
          on_error(fmt::format("{}: not a regular file", file.string()));
          continue;
        }
        RawSample s;
        s.model = model.filename().string();
        s.task_ref = task.filename().string();
        s.sample_id = file.stem().string();
        s.extension = file.extension().string();
        s.text = read_whole(file);
        s.origin = file.string();
        sink(std::move(s));
      }
    }
  }
}

void read_single(const fs::path& file, const SampleSink& sink) {
  RawSample s;
  s.sample_id = file.stem().string();
  s.extension = file.extension().string();
  s.origin = file.string();
  struct stat st {};
  const bool exec = ::stat(file.c_str(), &st) == 0 && (st.st_mode & S_IXUSR) != 0;
  if (!language_from_extension(s.extension) && exec) {
    s.executable = fs::absolute(file);
  } else {
    s.text = read_whole(file);
  }
  sink(std::move(s));
}

// Whether a completion already holds the entry point (so it does not continue the prompt):
// `def f(`, or for a Class.method entry point the class and the method both.
bool defines(std::string_view source, std::string_view entry_point) {
  if (entry_point.empty()) return false;
  const auto dot = entry_point.find('.');
  const auto has = [&](const std::string& text) {
    return source.find(text) != std::string_view::npos;
  };
  if (dot == std::string_view::npos) return has(fmt::format("def {}(", entry_point));
  return has(fmt::format("class {}", entry_point.substr(0, dot))) &&
         has(fmt::format("def {}(", entry_point.substr(dot + 1)));
}

// A program task's completion that repeats its prompt's first line is the whole program
// already (the model echoed the prompt), not its continuation.
bool restates_prompt(std::string_view completion, std::string_view prompt) {
  const auto start = prompt.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  auto line = prompt.substr(start, prompt.find('\n', start) - start);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  return completion.find(line) != std::string_view::npos;
}

}  // namespace

bool continues_prompt(const Task& task, std::string_view completion, bool raw) {
  if (!raw) return true;
  const bool fenced = completion.find("```") != std::string_view::npos ||
                      completion.find("~~~") != std::string_view::npos;
  if (task.prompt.empty() || fenced) return false;
  if (task.kind == TaskKind::Function) return !defines(completion, task.entry_point);
  return !restates_prompt(completion, task.prompt);
}

SampleFormat detect_sample_format(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fail_input(fmt::format("{}: sample file does not exist", path.string()));
  }
  if (fs::is_directory(path, ec)) return SampleFormat::Directory;
  const std::string ext = path.extension().string();
  if (ext == ".jsonl") return SampleFormat::Jsonl;
  if (ext == ".json") return SampleFormat::EnamelJson;
  return SampleFormat::SingleFile;
}

void read_samples(const fs::path& path, const SampleSink& sink, const ErrorSink& on_error) {
  switch (detect_sample_format(path)) {
    case SampleFormat::Jsonl:
      return read_jsonl(path, sink, on_error);
    case SampleFormat::EnamelJson:
      return read_enamel(path, sink, on_error);
    case SampleFormat::Directory:
      return read_directory(path, sink, on_error);
    case SampleFormat::SingleFile:
      return read_single(path, sink);
  }
}

TaskIndex::TaskIndex(const std::vector<Task>& tasks) {
  for (const Task& t : tasks) {
    by_name_.emplace(t.id, &t);
    for (const std::string& a : t.aliases) {
      by_name_.emplace(a, &t);
      const auto slash = a.rfind('/');
      const std::string_view tail =
          slash == std::string::npos ? std::string_view(a) : std::string_view(a).substr(slash + 1);
      if (auto idx = parse_index(tail)) by_index_.emplace(*idx, &t);
    }
  }
}

const Task* TaskIndex::find(std::string_view id) const {
  auto it = by_name_.find(id);
  return it == by_name_.end() ? nullptr : it->second;
}

const Task* TaskIndex::find_enamel(std::int64_t index) const {
  auto it = by_index_.find(index);
  return it == by_index_.end() ? nullptr : it->second;
}

std::optional<Sample> resolve_sample(RawSample&& raw, const TaskIndex& tasks,
                                     std::string_view default_model, const ErrorSink& on_error) {
  const Task* task =
      raw.enamel_index ? tasks.find_enamel(*raw.enamel_index) : tasks.find(raw.task_ref);
  if (!task) {
    on_error(fmt::format("{}: unknown task '{}'", raw.origin, printable(raw.task_ref, 100)));
    return std::nullopt;
  }
  if (!raw.executable && !is_valid_utf8(raw.text)) {
    on_error(fmt::format("{}: not valid UTF-8", raw.origin));
    return std::nullopt;
  }
  // An empty raw response is the model's answer, judged NO_CODE when sanitized.
  if (!raw.executable && !raw.raw && raw.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    on_error(fmt::format("{}: empty solution", raw.origin));
    return std::nullopt;
  }
  Sample s;
  s.task = task;
  s.model = !raw.model.empty() ? raw.model : std::string(default_model);
  s.sample_id = raw.sample_id;
  s.raw = raw.raw;
  s.origin = raw.origin;
  s.executable = raw.executable;
  if (raw.executable) {
    s.language = "executable";
    s.source = "";
    return s;
  }
  if (raw.language) {
    auto lang = language_from_name(*raw.language);
    if (!lang) {
      on_error(fmt::format("{}: unknown language '{}'", raw.origin, printable(*raw.language, 40)));
      return std::nullopt;
    }
    s.language = *lang;
  } else if (!raw.extension.empty()) {
    auto lang = language_from_extension(raw.extension);
    if (!lang) {
      on_error(fmt::format("{}: unknown language for extension '{}'", raw.origin,
                           printable(raw.extension, 40)));
      return std::nullopt;
    }
    s.language = *lang;
  } else if (!raw.raw) {
    s.language = task->default_language;
  }
  if (!s.language.empty() && !task->languages.empty() &&
      std::find(task->languages.begin(), task->languages.end(), s.language) ==
          task->languages.end()) {
    on_error(fmt::format("{}: language '{}' is not allowed for task {}", raw.origin, s.language,
                         task->id));
    return std::nullopt;
  }
  const bool needs_prompt = (raw.completion && continues_prompt(*task, raw.text, raw.raw)) ||
                            (raw.enamel_index && task->kind == TaskKind::Function &&
                             !defines(raw.text, task->entry_point));
  s.source = needs_prompt ? task->prompt + raw.text : std::move(raw.text);
  return s;
}

std::string samples_hash(const fs::path& path) {
  if (!fs::is_directory(path)) return sha1_file(path);
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(path)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  Hasher h;
  for (const fs::path& f : files) h.add(fs::relative(f, path).string()).add_file(f);
  return h.hex();
}

}  // namespace pj::harness
