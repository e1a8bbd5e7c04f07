// Booting the runtime, as fairseq2's `init_fairseq2(extras=...)`.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fairseq2/assets/loader.hpp"
#include "fairseq2/runtime/dependency.hpp"

namespace fairseq2 {

using SetupFunction = std::function<void(DependencyContainer&)>;

struct InitOptions {
    // The built-in cards and the well-known directories (system and user).
    bool default_cards = true;
    // Card files or directories read after every other source (`--cards`),
    // then training output directories (`--checkpoint-dir`).
    std::vector<std::filesystem::path> card_paths;
    std::vector<std::filesystem::path> checkpoint_dirs;
    // Card files or directories being validated, read last. A file that
    // another source reads already is read once, and counts as validated.
    std::vector<std::filesystem::path> validated_paths;
    // Card files given as text (standard input), validated too.
    struct CardText {
        std::string name;
        std::string text;
        // Where its relative locations are taken from; the current
        // directory when empty.
        std::filesystem::path directory;
    };
    std::vector<CardText> validated_texts;
    // How the AssetStore reads cards: LoadOptions::defer_fields for a
    // program that resolves one card.
    LoadOptions card_loading;
    // Replaces environment detection; an empty string means no environment.
    std::optional<std::string> environment;
    // Extensions, found in `extension_dirs` (`--extension-dir`), then
    // FAIRSEQ2_EXTENSION_PATH, the user and the system directory.
    bool load_extensions = true;
    std::vector<std::filesystem::path> extension_dirs;
    // Run each extension's setup in a child process first (`--isolate`).
    bool isolate_extensions = false;
    // Setup functions of the calling program, run after the extensions, with
    // the origin `extras`.
    std::vector<SetupFunction> extras;
};

// Registers the library (asset system, built-in cards, well-known card
// directories), runs the extensions, then the `extras`, then registers
// `card_paths` and the validated paths and texts, and hands back the
// container to resolve from; what became of
// each extension is its ExtensionReport. Cards are not read until the
// AssetStore is first resolved. Throws ExtensionError for a failed extension
// when FAIRSEQ2_EXTENSION_TRACE is set.
std::unique_ptr<DependencyContainer> init_fairseq2(InitOptions options = {});

} // namespace fairseq2
