// Claims to be built for runtime ABI 999: its setup must never run.
#include <cstdlib>

#include <fairseq2/extension.hpp>

namespace {

void setup_abi_mismatch(fairseq2::DependencyContainer&) {
    std::abort(); // the loader must refuse before calling this
}

const fairseq2::ExtensionAbi future_abi = {999,     static_cast<std::uint32_t>(__GXX_ABI_VERSION),
                                           1,       "9.9.9",
                                           "GCC 99", fairseq2::StandardLibrary::libstdcxx};

} // namespace

BOOST_DLL_ALIAS(setup_abi_mismatch, fairseq2_extension_setup_abi_mismatch)
BOOST_DLL_ALIAS(future_abi, fairseq2_abi_setup_abi_mismatch)
