// fairseq2's own families, archs and config types, read from its reference
// data (lib/families/data/, embedded in the library).
#pragma once

namespace fairseq2 {

class DependencyContainer;

void register_builtin_families(DependencyContainer& container);

} // namespace fairseq2
