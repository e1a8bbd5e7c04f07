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
// against the previous ones. 2: the descriptor names the standard library,
// and GCC and Clang builds load each other.
inline constexpr std::uint32_t runtime_abi_version = 2;

// The C++ standard library a build uses: what must match, with the runtime
// ABI, for an extension to share the runtime's types. The compiler need not:
// GCC and Clang share the Itanium C++ ABI on Linux.
enum class StandardLibrary : std::uint32_t { libstdcxx = 1, libcxx = 2 };

// What an extension was built against. Plain C layout, so that the loader
// reads it safely from any build; the fields of runtime ABI 1 come first, in
// their places, so that an old extension is described before it is refused.
struct ExtensionAbi {
    std::uint32_t runtime_abi;
    // __GXX_ABI_VERSION, for the record: GCC and Clang report different ones
    // for one ABI, so it is shown, not compared.
    std::uint32_t compiler_abi;
    // libstdc++'s std::string ABI (_GLIBCXX_USE_CXX11_ABI); 1 with libc++.
    std::uint32_t cxx11_strings;
    const char* runtime_version;
    const char* compiler;
    // Since runtime ABI 2.
    StandardLibrary standard_library;
};

using ExtensionSetupFunction = void(DependencyContainer&);

// The directory of the shared library that holds `function`: where an
// extension finds the files installed beside it, such as its cards.
//     register_file_assets(container, extension_directory(&setup_my_extension) / "cards");
std::filesystem::path extension_directory(ExtensionSetupFunction* function);

} // namespace fairseq2

#if defined(_LIBCPP_VERSION)
#define FAIRSEQ2_STANDARD_LIBRARY_ ::fairseq2::StandardLibrary::libcxx
#define FAIRSEQ2_CXX11_STRINGS_ 1
#else
#define FAIRSEQ2_STANDARD_LIBRARY_ ::fairseq2::StandardLibrary::libstdcxx
#define FAIRSEQ2_CXX11_STRINGS_ _GLIBCXX_USE_CXX11_ABI
#endif
#if defined(__clang__)
#define FAIRSEQ2_COMPILER_ "Clang " __clang_version__
#else
#define FAIRSEQ2_COMPILER_ "GCC " __VERSION__
#endif

#define FAIRSEQ2_EXTENSION_ABI_INIT                                                                \
    {::fairseq2::runtime_abi_version, static_cast<std::uint32_t>(__GXX_ABI_VERSION),              \
     static_cast<std::uint32_t>(FAIRSEQ2_CXX11_STRINGS_), ::fairseq2::runtime_version,            \
     FAIRSEQ2_COMPILER_, FAIRSEQ2_STANDARD_LIBRARY_}

#define FAIRSEQ2_EXTENSION(setup_fn)                                                               \
    static_assert(std::is_same_v<decltype(setup_fn), ::fairseq2::ExtensionSetupFunction>,         \
                  "an extension function is void(fairseq2::DependencyContainer&)");              \
    namespace {                                                                                    \
    const ::fairseq2::ExtensionAbi fairseq2_abi_descriptor_##setup_fn =                           \
        FAIRSEQ2_EXTENSION_ABI_INIT;                                                               \
    }                                                                                              \
    BOOST_DLL_ALIAS(setup_fn, fairseq2_extension_##setup_fn)                                       \
    BOOST_DLL_ALIAS(fairseq2_abi_descriptor_##setup_fn, fairseq2_abi_##setup_fn)
