// Exits the process during setup.
#include <cstdlib>

#include <fairseq2/extension.hpp>

namespace {

void setup_exits(fairseq2::DependencyContainer&) {
    std::_Exit(3);
}

} // namespace

FAIRSEQ2_EXTENSION(setup_exits)
