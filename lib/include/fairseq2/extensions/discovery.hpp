// Finding extensions: manifests (`*.yaml`) in the extension directories, in
// the search order: the program's own (fairseq2ctl's `--extension-dir`),
// FAIRSEQ2_EXTENSION_PATH, the user directory, the system directory; sorted
// within a directory. A later entry with a name already seen is shadowed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "fairseq2/extensions/record.hpp"

namespace fairseq2 {

// Why a directory is searched, in search order.
enum class ExtensionDirectoryRole : std::uint8_t {
    given,    // named by the program (InitOptions::extension_dirs)
    variable, // FAIRSEQ2_EXTENSION_PATH
    user,     // ${XDG_DATA_HOME:-~/.local/share}/fairseq2/extensions
    system,   // beside the installed program
};

// `given`, `FAIRSEQ2_EXTENSION_PATH`, `user` or `system`.
const char* to_string(ExtensionDirectoryRole role) noexcept;

struct ExtensionDirectory {
    std::filesystem::path path;
    ExtensionDirectoryRole role = ExtensionDirectoryRole::given;
};

// The directories to search, in order, `given` first.
std::vector<ExtensionDirectory> extension_search_path(const std::vector<std::filesystem::path>& given);

// `<prefix>/lib/fairseq2/extensions` for the program's `<prefix>/bin`: an
// install under any prefix finds its extensions, and so does a build tree.
std::filesystem::path system_extension_directory();

// Reads the manifests of one directory, in sorted order, entries sorted by
// name. A manifest that cannot be read gives a record with the error
// `manifest-invalid`, named after the file.
std::vector<ExtensionRecord> read_extension_directory(const std::filesystem::path& directory);

// Every extension of the directories, later duplicates marked shadowed.
std::vector<ExtensionRecord> discover_extensions(const std::vector<ExtensionDirectory>& directories);

} // namespace fairseq2
