// wegwijzer: the command-line program. All the work is in the library.
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return ww::RunCli(args);
}
