#pragma once
// Runs the built monsoon binary (MONSOON_BINARY, defined by the test's CMake target) as an
// operator would, through the shell, and collects its exit code and output. Header-only
// for the tests under tests/ that exercise the command line.

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "scratch.hpp"

namespace monsoon::testing {

struct Ran {
  int code = -1;  // exit status; -1 when killed by a signal
  std::string out;
  std::string err;
};

struct RunOptions {
  std::string environment;           // prepended to the env command, e.g. "JOURNAL_STREAM=8:1"
  std::optional<std::string> input;  // stdin; /dev/null when absent
  bool in_scratch = false;           // run inside the scratch folder (no ./monsoon.toml found)
};

// `args` must already be shell-quoted by the caller. MONSOON_CONFIG and JOURNAL_STREAM
// are removed from the environment so the developer's own settings do not leak in.
inline Ran run_monsoon(const ScratchDir& scratch, const std::string& args,
                       const RunOptions& options = {}) {
  const auto out = scratch.path() / "stdout.txt";
  const auto err = scratch.path() / "stderr.txt";
  std::string input = "/dev/null";
  if (options.input) {
    const auto in = scratch.path() / "stdin.txt";
    std::ofstream(in, std::ios::binary) << *options.input;
    input = in.string();
  }
  const std::string cd = options.in_scratch ? "cd " + scratch.path().string() + " && " : "";
  const std::string command = cd + "env -u MONSOON_CONFIG -u JOURNAL_STREAM " +
                              options.environment + " " + MONSOON_BINARY + " " + args + " >" +
                              out.string() + " 2>" + err.string() + " <" + input;
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace monsoon::testing
