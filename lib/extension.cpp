#include "fairseq2/extension.hpp"

#include <dlfcn.h>

namespace fairseq2 {

std::filesystem::path extension_directory(ExtensionSetupFunction* function) {
    Dl_info info{};
    // POSIX lets a function pointer be converted to void*, which dladdr takes.
    if (::dladdr(reinterpret_cast<void*>(function), &info) == 0 || !info.dli_fname)
        return {};
    return std::filesystem::absolute(info.dli_fname).parent_path();
}

} // namespace fairseq2
