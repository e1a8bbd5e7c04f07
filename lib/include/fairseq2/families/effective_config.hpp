// The config a card really produces, as fairseq2 0.8.1 builds it
// (models/family.py, data/tokenizers/family.py, datasets/family.py,
// assets/card.py, utils/config.py): the arch's config (`model_arch`, models
// only) or the type's defaults, then the non-null overrides of the first key
// among `<kind>_config_overrides`, `<kind>_config_override`, `<kind>_config`
// that any card of the chain holds, merged root first, leaf last (deep merge;
// `_del_: [keys]` drops keys, the sibling keys merge, then `_set_: {k: v}`
// replaces whole values), with `${env:VAR[:default]}` expanded after each
// merge. The result must structure as the family's config type.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/assets/tokenizer_ref.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2 {

// The name a card's effective config of a kind goes by beside its fields:
// `config` for the model's, `tokenizer_config`, `dataset_config`.
std::string config_key(FamilyKind kind);

struct EffectiveConfig {
    FamilyKind kind = FamilyKind::model;
    // The card the config was built from: the card itself, or for a
    // tokenizer the card its `tokenizer_ref` fields lead to.
    std::string card;
    // For a tokenizer, the cards followed through `tokenizer_ref`, the card
    // asked for first.
    std::vector<std::string> references;
    // The family the card names (`<kind>_family`), and what was registered
    // under that name (null when nothing was).
    std::string family_name;
    std::shared_ptr<const Family> family;
    // The arch the card names, if any.
    std::optional<std::string> arch;
    // The overrides key that was used, if any.
    std::optional<std::string> overrides_key;
    // The config; null when the family takes none or could not be built.
    Value config;
    // Every problem, each with the card field it comes from: an unknown
    // family or arch, bad overrides, a result that does not conform.
    Diagnostics problems;

    // The first error among the problems: the config cannot be built. Null
    // when there are only warnings, or none.
    const Diagnostic* error() const noexcept;
};

// The effective config of the card for one family kind; empty when the card
// names no family of that kind.
// Effective configs already built, for a caller that builds many from one
// store (validation): the cards that share the family field, the arch field
// and the overrides their config is built from (the children of one base,
// mostly) share one config, built once. A config depends on nothing else
// (the environment variables it expands are read once a run), and the
// Values of the store's cards are its keys, so one cache serves one store.
// Safe to share between threads.
class EffectiveConfigCache {
public:
    // What the cached configs hold: validation needs only the problems, and
    // keeping every distinct config tree of a large store costs tens of MB.
    // With `problems_only`, a config found holds its kind and problems and
    // nothing else (no config, family or card), and the many without a
    // problem are one object.
    enum class Keeps { configs_and_problems, problems_only };
    explicit EffectiveConfigCache(Keeps keeps = Keeps::configs_and_problems);

    struct Key {
        FamilyKind kind;
        // The family field's value, the arch field's (or null), the
        // overrides' in merge order: each the Value of one field of one card.
        std::vector<const Value*> inputs;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& key) const noexcept;
    };

    std::shared_ptr<const EffectiveConfig> find(const Key& key) const;
    // The config kept for `key`: `config`, or the one another thread kept
    // first (the same).
    std::shared_ptr<const EffectiveConfig> keep(Key key, EffectiveConfig config);

private:
    // Locked a shard at a time, so that threads looking up different keys
    // seldom wait for each other.
    struct Shard {
        std::mutex mutex;
        std::unordered_map<Key, std::shared_ptr<const EffectiveConfig>, KeyHash> configs;
    };
    static constexpr std::size_t shard_count = 16;
    Shard& shard_of(std::size_t hash) const noexcept { return shards_[hash % shard_count]; }

    Keeps keeps_;
    // With Keeps::problems_only, the config kept for any key whose config has
    // no problem, by kind.
    std::array<std::shared_ptr<const EffectiveConfig>, 3> without_problems_;
    // This cache among all made in the process: a thread's recent finds
    // (effective_config.cpp) are of one cache, never of an earlier one.
    std::uint64_t generation_;
    mutable std::array<Shard, shard_count> shards_;
};

std::optional<EffectiveConfig> effective_config(const FamilyRegistry& families, const ResolvedCard& card,
                                                FamilyKind kind, EffectiveConfigCache* cache = nullptr);

// The effective configs of every family kind the card names, model first,
// then tokenizer (built from the card `tokenizer_ref` leads to; a broken
// reference is its one problem), then dataset.
std::vector<EffectiveConfig> effective_configs(const FamilyRegistry& families, const ResolvedCard& card,
                                               const TokenizerLookup& tokenizer,
                                               EffectiveConfigCache* cache = nullptr);

// fairseq2's deep merge of an override into a config tree, with `_del_` and
// `_set_`; problems are appended with the path of the offending key.
Value merge_config_override(const Value& target, const Value& source,
                            std::vector<ConfigProblem>& problems, const std::string& path = {});

// fairseq2's ReplaceEnvDirective: `${env:VAR}` is VAR's value (empty when
// unset), `${env:VAR:default}` the default when VAR is unset.
std::string expand_env_directives(std::string_view text);

// The same for every string of a config tree, in place.
void expand_env_directives(Value& config);

} // namespace fairseq2
