// Reading a perfjudge store for reports, the gate and compare.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "reports/dataset.hpp"

namespace pj::reports {

struct LoadOptions {
  // Runs to read. Empty: for every model, the latest run (highest id) holding its samples;
  // a store whose runs hold no samples yet yields its latest run.
  std::vector<std::int64_t> runs;
  bool with_repeats = false;  // also read every stress execution (the gate needs them)
};

// Throws pj::Error(Input) naming the file when it is not a perfjudge store or a run is unknown.
Dataset load(const std::filesystem::path& db, const LoadOptions& opt = {});

}  // namespace pj::reports
