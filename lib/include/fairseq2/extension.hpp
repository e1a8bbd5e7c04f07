// Writing a fairseq2 extension: a setup function, exported with
//
//     namespace {
//     void setup_my_extension(fairseq2::DependencyContainer& container) {
//         fairseq2::register_file_assets(container, "/opt/my_cards");
//     }
//     } // namespace
//     FAIRSEQ2_EXTENSION(setup_my_extension)
//
// and a manifest in an extension directory that names it:
//
//     fairseq2.extension:
//       my_extension: libmy_extension.so:setup_my_extension
//
// The macro exports the function (as `fairseq2_extension_<name>`) and an ABI
// descriptor (as `fairseq2_abi_<name>`) with Boost.DLL; the loader checks the
// descriptor before it calls anything.
#pragma once

#include <cstdint>
#include <filesystem>
#include <type_traits>

#include <boost/dll/alias.hpp>

#include "fairseq2/runtime/dependency.hpp"
#include "fairseq2/version.hpp"

namespace fairseq2 {

// Bumped whenever a change to the runtime's headers breaks extensions built
// against the previous ones.
inline constexpr std::uint32_t runtime_abi_version = 1;

// What an extension was built against. Plain C layout, so that the loader
// reads it safely from any build.
struct ExtensionAbi {
    std::uint32_t runtime_abi;
    // GCC's C++ ABI version (__GXX_ABI_VERSION).
    std::uint32_t compiler_abi;
    // libstdc++'s std::string ABI (_GLIBCXX_USE_CXX11_ABI).
    std::uint32_t cxx11_strings;
    const char* runtime_version;
    const char* compiler;
};

using ExtensionSetupFunction = void(DependencyContainer&);

// The directory of the shared library that holds `function`: where an
// extension finds the files installed beside it, such as its cards.
//     register_file_assets(container, extension_directory(&setup_my_extension) / "cards");
std::filesystem::path extension_directory(ExtensionSetupFunction* function);

} // namespace fairseq2

#define FAIRSEQ2_EXTENSION_ABI_INIT                                                                \
    {::fairseq2::runtime_abi_version, static_cast<std::uint32_t>(__GXX_ABI_VERSION),              \
     static_cast<std::uint32_t>(_GLIBCXX_USE_CXX11_ABI), ::fairseq2::runtime_version,           \
     "GCC " __VERSION__}

#define FAIRSEQ2_EXTENSION(setup_fn)                                                               \
    static_assert(std::is_same_v<decltype(setup_fn), ::fairseq2::ExtensionSetupFunction>,         \
                  "an extension function is void(fairseq2::DependencyContainer&)");              \
    namespace {                                                                                    \
    const ::fairseq2::ExtensionAbi fairseq2_abi_descriptor_##setup_fn =                           \
        FAIRSEQ2_EXTENSION_ABI_INIT;                                                               \
    }                                                                                              \
    BOOST_DLL_ALIAS(setup_fn, fairseq2_extension_##setup_fn)                                       \
    BOOST_DLL_ALIAS(fairseq2_abi_descriptor_##setup_fn, fairseq2_abi_##setup_fn)
