// Finding card files on disk as fairseq2 walks a card directory (sorted,
// `*.yaml` and `*.yml`, links to files followed, linked directories not
// entered), and reading their text. The loader (loader.cpp) turns what is
// found here into cards.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/assets/source.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

// One card file to read: from disk, or from the embedded built-in cards.
struct FileTask {
    std::size_t source_index = 0;
    std::string display_path;
    std::string base_path;
    std::filesystem::path disk_path;
    std::string_view embedded_text;
    bool embedded = false;
    // Walked by a source being validated (itself, or another that reads the
    // same file first).
    bool validated = false;
};

// A path being validated that another source reads already (the system
// directory itself, `.`, a link to it, a directory inside another validated
// one) is that source: its files are read once. A file is keyed by where
// fairseq2 reads it from, its resolved directory and its name, so that a
// linked card file elsewhere is still a card of its own, as in fairseq2.
using FileIndex = std::map<std::string, std::size_t>;

// Adds the card files that a `path` source leads to (a directory walked, or
// one file) to `tasks`, in the order fairseq2 reads them. A source being
// validated that leads to a file `index` holds already marks that file
// validated instead of reading it twice. Returns false when the path does
// not exist (an error, except for the well-known directories).
bool find_card_files(const AssetSource& source, std::size_t source_index, std::vector<FileTask>& tasks,
                     FileIndex& index, Diagnostics& diagnostics);

// The text of a card file; false, with a `file-unreadable` diagnostic, when
// it cannot be read.
bool read_card_text(const std::filesystem::path& path, std::string& text, Diagnostics& diagnostics);

} // namespace fairseq2
