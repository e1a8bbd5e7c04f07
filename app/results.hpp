// The results the commands print, each described once: the printer (text or
// JSON, printer.hpp) renders the same description. Where the library has the
// answer as a type of its own (an asset listing, a resolved card, a
// validation report), that type is the description.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/assets/store.hpp"
#include "fairseq2/extensions/inventory.hpp"
#include "fairseq2/extensions/loader.hpp"
#include "fairseq2/assets/find.hpp"
#include "fairseq2/families/card_details.hpp"
#include "fairseq2/families/environment_comparison.hpp"
#include "fairseq2/families/family.hpp"

namespace fairseq2ctl {

// One effective config as `assets resolve --config` shows it: under `config`
// (the model's), `tokenizer_config` or `dataset_config`; a config that cannot
// be built is shown as its error, never as a config that looks normal.
struct ShownConfig {
    std::string key;
    fairseq2::Value value;
    // `model llama, arch llama3_8b, model_config_overrides`.
    std::string description;
};

// `assets resolve NAME`: the card, what fairseq2 builds from it and, with
// --config, its configs.
struct ResolvedAsset {
    fairseq2::ResolvedCard card;
    fairseq2::CardDetails details;
    std::vector<ShownConfig> configs;
};

// `assets resolve NAME` of a card that cannot be resolved.
struct FailedAsset {
    fairseq2::AssetRequest request;
    fairseq2::Diagnostic error;
};

// `assets resolve NAME --all-envs`, and one card of `assets diff`: the card
// in each environment, and its fields and config values side by side (for a
// diff, only those that differ).
struct EnvironmentTable {
    std::string name;
    std::vector<fairseq2::CardInEnvironment> columns;
    std::vector<fairseq2::ComparedRow> rows;
};

// `assets diff`: what the `after` environment changes against `before` (no
// environment when empty), card by card.
struct EnvironmentDiff {
    std::optional<std::string> before;
    std::optional<std::string> after;
    std::vector<EnvironmentTable> cards;
};

// `assets find`.
struct FoundCardsResult {
    std::vector<std::string> queries;
    fairseq2::FoundCards found;
};

// `assets new`: the card written, and the card as it now resolves.
struct NewCard {
    std::string path;
    std::string text;
    ResolvedAsset asset;
};

struct FamilyEntry {
    std::shared_ptr<const fairseq2::Family> family;
    std::vector<std::shared_ptr<const fairseq2::ArchConfig>> archs;
};

struct ExtensionEntry {
    const fairseq2::ExtensionRecord* record = nullptr;
    // What it registered; only a loaded extension registered anything.
    fairseq2::ExtensionInventory inventory;
};

struct ExtensionListing {
    // False with --no-extensions.
    bool enabled = true;
    std::vector<ExtensionEntry> extensions;
    std::vector<fairseq2::ExtensionDirectory> directories;
};

// `extensions check`.
struct ExtensionCheck {
    std::vector<const fairseq2::ExtensionRecord*> extensions;
    std::size_t failed = 0;
};

// `info`: what the runtime booted with.
struct RuntimeInfo {
    const fairseq2::AssetStore* store = nullptr;
    fairseq2::AssetEnvironment environment;
    std::vector<std::string> resolver_origins;
    bool extensions_enabled = true;
    struct Directory {
        fairseq2::ExtensionDirectory directory;
        bool exists = false;
    };
    std::vector<Directory> extension_directories;
    fairseq2::AssetDirectory fairseq2_cache;
    fairseq2::AssetDirectory huggingface_cache;
    // The variables that change what fairseq2ctl reads, set or not.
    std::vector<std::pair<std::string, std::optional<std::string>>> variables;
};

} // namespace fairseq2ctl
