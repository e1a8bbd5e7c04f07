// Takes the process down during setup: only --isolate survives it.
#include <cstdlib>

#include <fairseq2/extension.hpp>

namespace {

void setup_aborts(fairseq2::DependencyContainer&) {
    std::abort();
}

} // namespace

FAIRSEQ2_EXTENSION(setup_aborts)
