#include "harness/samples/share_helper.hpp"

#include "core/file.hpp"

namespace pj::harness::detail {

std::string ShareHelperRun::reply() const {
  return read_file(tmp.path() / "reply.json");
}

std::string ShareHelperRun::errors() const {
  return read_file(tmp.path() / "stderr.txt");
}

ShareHelperRun run_share_helper(const std::filesystem::path& script,
                                const std::vector<std::string>& args,
                                const std::vector<std::filesystem::path>& binds,
                                const nlohmann::json& request, const ShareHelperLimits& limits,
                                std::string_view tmp_prefix) {
  ShareHelperRun run{TempDir(tmp_prefix), {}};
  write_file(run.tmp.path() / "request.json", request.dump());
  sandbox::Config cfg;
  cfg.argv = {"/usr/bin/python3", "-S", "-B", script.string()};
  cfg.argv.insert(cfg.argv.end(), args.begin(), args.end());
  cfg.bind_ro = binds;
  cfg.stdin_path = run.tmp.path() / "request.json";
  cfg.stdout_path = run.tmp.path() / "reply.json";
  cfg.stderr_path = run.tmp.path() / "stderr.txt";
  cfg.limits.cpu_seconds = limits.cpu_seconds;
  cfg.limits.memory_mib = limits.memory_mib;
  cfg.limits.output_mib = limits.output_mib;
  cfg.sample_memory = false;
  run.result = sandbox::run(cfg);
  return run;
}

}  // namespace pj::harness::detail
