// cli: the command line: wegwijzer build|serve|pack|check ... and its flags.
#pragma once

#include <string>
#include <vector>

namespace ww {

// Exit codes: 0 ok, 1 content errors, 2 usage errors.
int RunCli(const std::vector<std::string>& args);

}  // namespace ww
