// Finding extensions: manifests (`*.yaml`) in the extension directories, in
// the search order `--extension-dir`, FAIRSEQ2_EXTENSION_PATH, the user
// directory, the system directory; sorted within a directory. A later entry
// with a name already seen is shadowed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fairseq2/extensions/record.hpp"

namespace fairseq2 {

struct ExtensionDirectory {
    std::filesystem::path path;
    // Where it came from: `--extension-dir`, `FAIRSEQ2_EXTENSION_PATH`,
    // `user` or `system`.
    std::string from;
};

// The directories to search, in order. `given` are the `--extension-dir`s.
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
