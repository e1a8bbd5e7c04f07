// Reads every registered source into cards: files are found first, then
// parsed in parallel on a small pool, then assembled in source order so that
// the outcome (and every duplicate-name message) is deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "fairseq2/assets/card.hpp"
#include "fairseq2/assets/card_index.hpp"
#include "fairseq2/assets/card_list.hpp"
#include "fairseq2/assets/source.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

struct LoadedSource {
    std::shared_ptr<const AssetSource> source;
    // As `__source__` spells it: `package:...`, `path:PATH`, or the name of
    // an in-memory source.
    std::string name;
    CardList cards;
    // The card files read.
    std::size_t file_count = 0;
    // With LoadOptions::defer_fields, for each card: 1 + the index in
    // LoadedAssets::files of the file its deferred fields are in; 0 for a
    // card held whole. Empty when no card was deferred.
    std::vector<std::uint32_t> deferred_files;
    bool missing = false;

    // Where the source is: the path a path source was given as, else its name.
    std::string location() const;
    // Whether it reads card files (an in-memory source does not).
    bool reads_files() const noexcept { return source->kind != AssetSource::Kind::memory; }
};

// One card file read, once, whatever number of sources lead to it.
struct LoadedFile {
    // As messages name it: as the first source that reads it spells it.
    std::string path;
    // Cards read from it, duplicate names included.
    std::size_t cards = 0;
    // A source being validated leads to it.
    bool validated = false;
    // What reading it again takes (read_card_file_again): its path on disk,
    // or its text when it is built in or was given as text (held by the
    // source); the `__base_path__` and the source its cards take.
    std::filesystem::path disk_path;
    std::string_view text;
    std::string base_path;
    std::size_t source_index = 0;
};

struct LoadOptions {
    // Keep of each card read from a file only its name and `base`, and read
    // the rest again from the file when the card is resolved
    // (AssetStore::loaded). For a command about one card: fairseq2 reads and
    // checks every file, so this one does too, but holding every card's
    // fields would be for nothing.
    bool defer_fields = false;
};

struct LoadedAssets {
    // Moved, never copied: a copy's `cards_by_name` would point into the
    // original's cards.
    LoadedAssets() = default;
    LoadedAssets(LoadedAssets&&) = default;
    LoadedAssets& operator=(LoadedAssets&&) = default;
    LoadedAssets(const LoadedAssets&) = delete;
    LoadedAssets& operator=(const LoadedAssets&) = delete;

    std::vector<LoadedSource> sources;
    // Every card file, in reading order.
    std::vector<LoadedFile> files;
    // Every problem found while reading: YAML errors, bad names and bases,
    // duplicate names, unreadable files. Cards with an error are left out.
    Diagnostics diagnostics;
    // The files (as diagnostics name them) that sources being validated lead
    // to, the unreadable ones included.
    std::unordered_set<std::string> validated_files;
    // Cards (canonical names) that files declare but that could not be
    // loaded, with where they are declared.
    std::unordered_map<std::string, SourceLocation> unloaded_cards;
    // Every card of `sources` by its canonical name, made while the
    // duplicates were dropped, for the store to take over. It points into
    // the sources' card lists: add or remove a card and it is stale (the
    // store then indexes the cards itself).
    CardIndex cards_by_name;
};

LoadedAssets load_asset_sources(const std::vector<std::shared_ptr<const AssetSource>>& sources,
                                LoadOptions options = {});

// The cards of a file read before, read again whole, in file order,
// duplicate names included; the problems found are the first reading's.
// `source_name` is the name of the source that read it (LoadedSource::name).
std::vector<AssetCard> read_card_file_again(const LoadedFile& file, const std::string& source_name);

// The largest card file read; larger ones are refused, not read into memory.
inline constexpr std::uintmax_t max_card_file_size = 64 * 1024 * 1024;

} // namespace fairseq2
