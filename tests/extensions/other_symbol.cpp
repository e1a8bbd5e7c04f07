// Exports setup_present and setup_also_present; the manifest asks for
// setup_missing.
#include <fairseq2/extension.hpp>

namespace {

void setup_present(fairseq2::DependencyContainer&) {}
void setup_also_present(fairseq2::DependencyContainer&) {}

} // namespace

FAIRSEQ2_EXTENSION(setup_present)
FAIRSEQ2_EXTENSION(setup_also_present)
