#include "sandbox/counters_valgrind.hpp"

#include <fstream>

namespace pj::sandbox {

Limits valgrind_limits(const Limits& limits) {
  Limits l = limits;
  l.cpu_seconds = limits.cpu_seconds * kValgrindTimeFactor + kValgrindTimeExtraSeconds;
  l.wall_seconds =
      limits.effective_wall_seconds() * kValgrindTimeFactor + kValgrindTimeExtraSeconds;
  l.memory_mib = limits.memory_mib * 2 + kValgrindExtraMemoryMib;
  return l;
}

std::vector<std::string> valgrind_argv(const std::vector<std::string>& argv,
                                       const std::filesystem::path& out_dir) {
  std::vector<std::string> out = {kValgrind, "--tool=cachegrind", "--cache-sim=no",
                                  "--trace-children=yes", "--vgdb=no", "-q",
                                  // valgrind's own notes must not mix with the program's stderr
                                  "--log-file=" + (out_dir / "log.%p").string(),
                                  "--cachegrind-out-file=" + (out_dir / "cg.%p").string()};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::optional<std::uint64_t> sum_cachegrind_ir(const std::filesystem::path& out_dir,
                                               std::string& why) {
  std::uint64_t total = 0;
  int files = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(out_dir, ec)) {
    if (entry.path().filename().string().rfind("cg.", 0) != 0) continue;
    std::ifstream in(entry.path());
    std::string line;
    bool found = false;
    while (std::getline(in, line)) {
      if (line.rfind("summary:", 0) != 0) continue;
      try {
        total += std::stoull(line.substr(8));
        found = true;
      } catch (const std::exception&) {
        why = "valgrind: malformed summary line in " + entry.path().filename().string();
        return std::nullopt;
      }
    }
    if (!found) {
      why = "valgrind: no summary in " + entry.path().filename().string() +
            " (the process was killed before it finished)";
      return std::nullopt;
    }
    ++files;
  }
  if (files == 0) {
    why = "valgrind: no cachegrind output (the program did not run under valgrind)";
    return std::nullopt;
  }
  return total;
}

}  // namespace pj::sandbox
