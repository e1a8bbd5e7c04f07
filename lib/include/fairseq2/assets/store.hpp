// The asset store: every loaded card by canonical name, and card resolution
// with fairseq2's semantics (overlays, base chains, leaf-first field look-up),
// plus what fairseq2 lacks: base cycles are errors, and every effective field
// knows the card, file and line it came from.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fairseq2/assets/card.hpp"
#include "fairseq2/assets/card_index.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/assets/loader.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

// One card of a resolved chain, with the environment overlay merged over it.
struct ResolvedLevel {
    const AssetCard* card = nullptr;
    const AssetCard* overlay = nullptr;
};

// An effective field: its value and the card (overlay or not) that gave it.
struct EffectiveField {
    const std::string* key = nullptr;
    const Value* value = nullptr;
    const AssetCard* card = nullptr;
    // Where the key is in the card's file, or the card's own position for a
    // field without one (those the loader adds). Kept as a mark, the file
    // being the card's: resolving every card copies no file names.
    Mark mark;

    const std::string& file() const noexcept { return card->file(); }
    SourceLocation location() const { return {card->file(), mark.line, mark.column}; }
};

// fairseq2's `field.as_(T)` failing at an effective field: "The X field of
// the 'Y' asset card is expected to be of type `T`, but is ...".
Diagnostic field_type_problem(const EffectiveField& field, std::string_view expected_type);

class ResolvedCard {
public:
    ResolvedCard(std::string name, std::vector<std::string> environments,
                 std::vector<ResolvedLevel> chain);

    // The name asked for, without environment suffix.
    const std::string& name() const noexcept { return name_; }
    // The environments that were tried, in order.
    const std::vector<std::string>& environments() const noexcept { return environments_; }
    // The cards from the leaf to the root of the base chain.
    const std::vector<ResolvedLevel>& chain() const noexcept { return chain_; }
    // The overlay merged over the leaf card, if any.
    const AssetCard* overlay() const noexcept { return chain_.front().overlay; }

    // What fairseq2's `card.field(key)` reads: the first card of the chain
    // (leaf first, its overlay before it) that has the field.
    const EffectiveField* field(std::string_view key) const;

    // Every effective field, in the order of the leaf's keys, then each
    // base's new keys.
    const std::vector<EffectiveField>& fields() const noexcept { return fields_; }

    // The directory fairseq2 makes this card's relative locations absolute
    // from: the `__base_path__` of the card asked for after its overlay
    // (the overlay's when it has one), never a base's. Empty when that card
    // has no file.
    const std::string& base_path() const noexcept;

private:
    std::string name_;
    std::vector<std::string> environments_;
    std::vector<ResolvedLevel> chain_;
    std::vector<EffectiveField> fields_;
};

// A name as asked for, split into the card name and the environments whose
// overlays are tried.
struct AssetRequest {
    std::string name;
    std::vector<std::string> environments;
};

// What retrieve_card throws when no card has the name asked for (fairseq2's
// AssetNotFoundError), with the request as it was read.
class AssetNotFoundError : public Error {
public:
    AssetNotFoundError(Diagnostic diagnostic, AssetRequest request)
        : Error(std::move(diagnostic)), request_(std::move(request)) {}

    const AssetRequest& request() const noexcept { return request_; }

private:
    AssetRequest request_;
};

// What retrieve_card throws when a base does not exist, with the name that
// was not found.
class BaseNotFoundError : public Error {
public:
    BaseNotFoundError(Diagnostic diagnostic, std::string base_name)
        : Error(std::move(diagnostic)), base_name_(std::move(base_name)) {}

    const std::string& base_name() const noexcept { return base_name_; }

private:
    std::string base_name_;
};

// What retrieve_card throws for a base cycle, with the cards of the cycle.
class BaseCycleError : public Error {
public:
    BaseCycleError(Diagnostic diagnostic, std::vector<std::string> cycle)
        : Error(std::move(diagnostic)), cycle_(std::move(cycle)) {}

    // The names of the cards in the cycle, in chain order.
    const std::vector<std::string>& cycle() const noexcept { return cycle_; }

private:
    std::vector<std::string> cycle_;
};

// The longest base chain followed: fairseq2 follows a chain by recursion
// (StandardAssetStore._do_retrieve_card, one Python frame a card) and fails
// at Python's recursion limit of 1000 frames, sooner the deeper its caller.
inline constexpr std::size_t max_base_chain = 900;

// How many names of about the length of an unknown one suggest() compares it
// with: a bound on its work in a store of any size.
inline constexpr std::size_t max_suggestion_candidates = 4096;

// Checks a name the user asks for (`NAME`, `NAME@ENV`, `NAME@`): throws
// fairseq2::Error `invalid-name` for an empty NAME (`@rsc`) or a second `@`.
void check_asset_request(std::string_view name);

class AssetStore {
public:
    AssetStore(LoadedAssets assets, AssetEnvironment environment);

    AssetStore(const AssetStore&) = delete;
    AssetStore& operator=(const AssetStore&) = delete;

    // fairseq2's `retrieve_card`: `foo` tries the default environments,
    // `foo@env` only `env`, `foo@` none. Throws fairseq2::Error with code
    // `asset-not-found`, `base-not-found`, `base-cycle` or
    // `base-chain-too-deep`.
    ResolvedCard retrieve_card(std::string_view name) const;
    // The same for a name already read with parse_request().
    ResolvedCard retrieve_card(AssetRequest request) const;
    // The same for a card of this store (not an overlay), which is the card
    // its name finds: no look-up.
    ResolvedCard retrieve_card(const AssetCard& card, std::vector<std::string> environments) const;

    // How retrieve_card() reads a name: `foo` -> the default environments,
    // `foo@env` -> `env`, `foo@` -> none; both parts trimmed.
    AssetRequest parse_request(std::string_view name) const;

    // The card with that canonical name (`foo@`, `foo@env`), if loaded.
    const AssetCard* find_card(std::string_view canonical_name) const;
    // The card named `name` without an environment: find_card("name@").
    const AssetCard* find_plain_card(std::string_view name) const;

    // `card` with its fields: read again from its file now if the loader
    // deferred them (LoadOptions::defer_fields), as retrieve_card() and
    // find_card() do for the cards they give. Throws fairseq2::Error
    // `file-unreadable` when the file no longer holds the card. Safe to call
    // from many threads.
    const AssetCard& loaded(const AssetCard& card) const;

    // The names of the cards that are not overlays, in source order. Listed
    // when first asked for (safe from many threads): validation and a
    // command about one card need none.
    const std::vector<std::string_view>& asset_names() const;

    // Calls `visit(overlay)` for each overlay along the base chain of `card`
    // as it is without overlays: the card's, in source order, then each
    // base's. The walk stops where the chain breaks, or after max_base_chain
    // cards (a cycle). Returns how many cards the chain has. These overlays'
    // environments are the only ones in which `card` resolves otherwise than
    // it does without one. The overlays' fields may be deferred: see
    // loaded().
    template <typename Visit>
    std::size_t for_each_overlay_on_chain(const AssetCard& card, Visit&& visit) const {
        std::size_t length = 0;
        for (const AssetCard* level = &card; level && length < max_base_chain; ++length) {
            const CardLinks& links = links_of(*level);
            for (const AssetCard* overlay : overlays_of(links))
                visit(*overlay);
            level = links.base;
        }
        return length;
    }

    const std::vector<LoadedSource>& sources() const noexcept { return sources_; }
    // Every card file read, once each, in reading order.
    const std::vector<LoadedFile>& files() const noexcept { return files_; }
    // Whether a file (as diagnostics name it) is one the validated sources
    // lead to.
    bool is_validated_file(const std::string& file) const { return validated_files_.count(file) != 0; }
    // Whether the card's file is one of those: answered by the card's
    // origin, which the cards of a file share, so a path is hashed once a
    // file (when the store is built), not once a card.
    bool is_validated(const AssetCard& card) const;
    const Diagnostics& diagnostics() const noexcept { return diagnostics_; }
    const AssetEnvironment& environment() const noexcept { return environment_; }

    // A near asset name for a name that is not found, if there is one: one
    // that differs only in case first, else a likely typo among at most
    // max_suggestion_candidates names of about its length. Worked out once
    // per name; safe to call from many threads.
    std::optional<std::string> suggest(std::string_view name) const;

    // The environments that cards have overlays for, with the number of
    // overlays each.
    std::map<std::string, std::size_t> overlay_environments() const;

    // A warning when no card has an overlay for `environment` (a typo in
    // `--env` or `NAME@ENV`), with the nearest environment that has some.
    std::optional<Diagnostic> check_environment(std::string_view environment) const;

private:
    // "Did you mean 'X'?" for a near name, or empty.
    std::string did_you_mean(std::string_view name) const;
    // The chain of bases from `card` (the card named `leaf`), each with its
    // overlay for the first of `environments` that has one.
    ResolvedCard resolve_chain(const AssetCard& card, std::string leaf, std::vector<std::string> environments) const;
    // A chain that came back to a card, or grew as long as max_base_chain:
    // the cycle it holds, or too deep.
    [[noreturn]] void throw_long_chain(const std::string& leaf, std::vector<ResolvedLevel>& chain) const;

    std::vector<LoadedSource> sources_;
    std::vector<LoadedFile> files_;
    std::unordered_set<std::string> validated_files_;
    // The origins of the cards of validated files, sorted (a vector: a set's
    // nodes would cost more than the rest of a validation plan).
    std::vector<const CardOrigin*> validated_origins_;
    std::unordered_map<std::string, SourceLocation> unloaded_cards_;
    Diagnostics diagnostics_;
    AssetEnvironment environment_;
    CardIndex cards_;
    mutable std::once_flag names_listed_;
    mutable std::vector<std::string_view> names_;
    // Indexes of the names for suggest(): the first name of each spelling in
    // lower case, and the names of each length. Built by the first
    // suggestion, as most runs make none.
    struct SuggestionIndex {
        std::unordered_map<std::string, std::string_view> by_lowercase;
        std::unordered_map<std::size_t, std::vector<std::string_view>> by_length;
    };
    const SuggestionIndex& suggestion_index() const;
    mutable std::once_flag suggestion_index_built_;
    mutable SuggestionIndex suggestion_index_;
    // What resolution follows from each card, found once when the store is
    // built: a chain is then walked without a look-up by name.
    struct CardLinks {
        // Whether the card has a `base` that is a string (a base name), and
        // the card it names (null when none is loaded).
        const AssetCard* base = nullptr;
        std::uint32_t has_base : 1 = 0;
        // For a card, its overlays: overlays_[first_overlay, + overlay_count).
        std::uint32_t overlay_count : 31 = 0;
        std::uint32_t first_overlay = 0;
    };
    const CardLinks& links_of(const AssetCard& card) const { return links_[card_index(card)]; }
    CardLinks& links_of(const AssetCard& card) { return links_[card_index(card)]; }
    std::span<const AssetCard* const> overlays_of(const CardLinks& links) const {
        return {overlays_.data() + links.first_overlay, links.overlay_count};
    }
    // The overlay, for the first of `environments` that has one, of the card
    // with these links.
    const AssetCard* overlay_of(const CardLinks& links, const std::vector<std::string>& environments) const;
    // A card's place among all the store's cards, source after source: its
    // links are found by position, not hashed.
    std::size_t card_index(const AssetCard& card) const;
    // Each array the sources hold their cards in (CardList::chunks), by
    // address, with the place of its first card: card_index() finds a
    // card's array by a binary search.
    struct CardArray {
        const AssetCard* data;
        std::size_t size;
        std::size_t first_index;
    };
    std::vector<CardArray> arrays_by_address_;
    std::vector<CardLinks> links_;
    // The overlays of every card, each card's together, in source order.
    std::vector<const AssetCard*> overlays_;
    // The card with that canonical name, its fields deferred or not.
    const AssetCard* lookup(std::string_view canonical_name) const;
    // lookup("name@"), with no allocation for a name of usual length: every
    // card's base and every overlay's card is looked up this way.
    const AssetCard* lookup_plain(std::string_view name) const;
    // By card_index(): 1 + the index in files_ of the file that holds the
    // card's deferred fields, 0 once they are read (LoadedSource). Empty
    // when the loader deferred none.
    mutable std::vector<std::uint32_t> deferred_files_;
    mutable std::mutex deferred_mutex_;
    mutable std::mutex suggestions_mutex_;
    mutable std::unordered_map<std::string, std::optional<std::string>> suggestions_;
};

} // namespace fairseq2
