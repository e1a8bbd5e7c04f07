#include "fairseq2/assets/source.hpp"

namespace fairseq2 {

const char* to_string(AssetSourceRole role) noexcept {
    switch (role) {
    case AssetSourceRole::builtin: return "built-in";
    case AssetSourceRole::system: return "system";
    case AssetSourceRole::user: return "user";
    case AssetSourceRole::extension: return "extension";
    case AssetSourceRole::given: return "given";
    case AssetSourceRole::validated: return "validated";
    }
    return "extension";
}

} // namespace fairseq2
