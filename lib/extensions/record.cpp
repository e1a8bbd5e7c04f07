#include "fairseq2/extensions/record.hpp"

namespace fairseq2 {

const char* to_string(ExtensionStatus status) noexcept {
    switch (status) {
    case ExtensionStatus::pending: return "pending";
    case ExtensionStatus::loaded: return "loaded";
    case ExtensionStatus::failed: return "failed";
    case ExtensionStatus::shadowed: return "shadowed";
    case ExtensionStatus::crashed: return "crashed";
    }
    return "pending";
}

} // namespace fairseq2
