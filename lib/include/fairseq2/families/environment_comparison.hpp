// One card in several environments side by side: what `assets resolve
// --all-envs` shows and what `assets diff` reduces to what differs. Each
// environment is asked for as fairseq2 asks for `NAME@ENV` (that
// environment's overlays only; none for `NAME@`), so an overlay that `@user`
// hides under default resolution shows in its own column.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/families/card_details.hpp"

namespace fairseq2 {

// A card as one environment resolves it.
struct CardInEnvironment {
    // Empty: no environment (`NAME@`).
    std::optional<std::string> environment;
    std::optional<ResolvedCard> card;
    // Why it cannot be resolved there.
    std::optional<Diagnostic> error;
    // With the effective configs when families were given.
    CardDetails details;
};

// `name` (without `@`) resolved in `environment`.
CardInEnvironment resolve_in_environment(const AssetStore& store, const FamilyRegistry* families,
                                         const std::string& name, std::optional<std::string> environment);

// The environments worth showing a card in: none, `user`, each environment
// that has an overlay for a card of its base chain, and the detected one.
std::vector<std::optional<std::string>> environments_of_card(const AssetStore& store, const std::string& name);

// A field, or a value of an effective config, in one environment.
struct ComparedCell {
    // Null when the environment has no such field (or cannot resolve it).
    const Value* value = nullptr;
    // The card that gives the value, and where; for a config value, the card
    // asked for and no place (configs are built, not written).
    std::string card;
    SourceLocation location;
    // It differs (Python's `==`; a missing value differs from any) from the
    // first column's.
    bool changed = false;
};

struct ComparedRow {
    // A field (`checkpoint`), or a config value as `config.model_dim`,
    // `tokenizer_config.impl`.
    std::string key;
    bool config = false;
    // One a column, in the columns' order.
    std::vector<ComparedCell> cells;
    // Some cell is `changed`.
    bool differs = false;
};

// The rows of the columns' fields, then of their configs, each key once,
// in the order the columns first show it.
std::vector<ComparedRow> compare_environments(const std::vector<CardInEnvironment>& columns);

} // namespace fairseq2
