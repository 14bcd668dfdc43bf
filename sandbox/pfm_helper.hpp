// The supervisor's side of pj-pfm, the executable that holds libpfm4 (see pfm/pj_pfm.c for
// why it is not linked into perfjudge). Internal to the sandbox module.
#pragma once

#include <string>
#include <vector>

namespace pj::sandbox {

// What one run of pj-pfm answered: its exit status and everything it wrote on stdout.
struct PfmAnswer {
  int status = 0;
  std::string out;
};

// Runs pj-pfm with `args` (e.g. {"encode", "instructions"}) and waits for it. Throws an
// internal error when it cannot be started or does not exit normally.
PfmAnswer ask_pj_pfm(const std::vector<std::string>& args);

}  // namespace pj::sandbox
