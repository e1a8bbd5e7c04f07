#include "fairseq2/families/effective_config.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include <boost/container/small_vector.hpp>
#include <boost/container_hash/hash.hpp>
#include <fmt/format.h>

#include "fairseq2/assets/tokenizer_ref.hpp"
#include "fairseq2/support/did_you_mean.hpp"
#include "fairseq2/yaml/key_index.hpp"

namespace fairseq2 {
namespace {

// Where in an effective field's file a problem inside its value is: at
// `mark`, or at the field when the problem has no place of its own.
SourceLocation location_in(const EffectiveField& field, Mark mark) {
    Mark at = mark.line ? mark : field.mark;
    return {field.file(), at.line, at.column};
}

// A mapping being built, its fields found by key (and key type) in constant
// time, so that merging large overrides costs linear time.
class MapBuilder {
public:
    explicit MapBuilder(Mark mark) : mark_(mark) {}

    // Python's `d[key] = value`: in place when the key is there, else last.
    void set(Field field) {
        auto [at, inserted] = index_.try_emplace(identity(field), fields_.size());
        if (inserted)
            fields_.push_back(std::move(field));
        else
            fields_[at->second].value = std::move(field.value);
    }

    const Value* find_string_key(const std::string& key) const {
        auto at = index_.find(identity(Value::Kind::string, key));
        return at == index_.end() ? nullptr : &fields_[at->second].value;
    }

    Value build() && { return Value{std::move(fields_), mark_}; }

private:
    static std::string identity(Value::Kind kind, const std::string& key) {
        return static_cast<char>('a' + static_cast<int>(kind)) + key;
    }
    static std::string identity(const Field& field) { return identity(field.key_kind(), field.key); }

    Mark mark_;
    Value::Map fields_;
    std::unordered_map<std::string, std::size_t> index_;
};

void bad_directive(std::vector<ConfigProblem>& problems, const std::string& path, std::string message,
                   Mark mark) {
    problems.push_back({DiagnosticCode::config_type_mismatch, path, std::move(message), mark, {}});
}

// The fields fairseq2 reads a kind's config from, spelled once, not for
// every card: `<kind>_family`, `<kind>_arch`, and the override keys in the
// order it tries them (interned, so that a card's fields are matched to
// them by pointer).
struct ConfigFieldKeys {
    std::string family;
    std::string arch;
    std::array<FieldKey, 3> overrides;
};

const ConfigFieldKeys& config_field_keys(FamilyKind kind) {
    static const std::array<ConfigFieldKeys, 3> keys = [] {
        std::array<ConfigFieldKeys, 3> all;
        for (FamilyKind each : {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset}) {
            std::string prefix = to_string(each);
            all[static_cast<std::size_t>(each)] = {
                prefix + "_family",
                prefix + "_arch",
                {prefix + "_config_overrides", prefix + "_config_override", prefix + "_config"}};
        }
        return all;
    }();
    return keys[static_cast<std::size_t>(kind)];
}

// The overrides fairseq2 merges: the non-null values that the cards of the
// chain hold of the first of `keys` that has any, root first
// (StandardAssetConfigLoader walks the chain leaf first and merges it
// reversed). An overlay's value replaces its card's. Each card's fields are
// looked at once for the three keys.
struct Overrides {
    const FieldKey* key = nullptr; // none when no card holds one
    std::vector<EffectiveField> values;
};

Overrides overrides_of(const ResolvedCard& card, const std::array<FieldKey, 3>& keys) {
    // Per level, root first: the field of each key, the overlay's over its
    // card's, as Value::find() finds it (the first).
    struct Holder {
        const AssetCard* card = nullptr;
        const Field* field = nullptr;
    };
    using LevelFields = std::array<Holder, 3>;
    boost::container::small_vector<LevelFields, 8> levels;
    for (auto level = card.chain().rbegin(); level != card.chain().rend(); ++level) {
        LevelFields& found = levels.emplace_back();
        // The overlay's fields first: its card's fill only the keys it does
        // not hold.
        for (const AssetCard* holder : {level->overlay, level->card}) {
            if (!holder || !holder->metadata.is_map())
                continue;
            for (const Field& field : holder->metadata.as_map())
                for (std::size_t k = 0; k < keys.size(); ++k)
                    if (field.key == keys[k] && !found[k].card)
                        found[k] = {holder, &field};
        }
    }
    Overrides overrides;
    for (std::size_t k = 0; k < keys.size() && !overrides.key; ++k)
        for (const LevelFields& found : levels)
            if (found[k].field && !found[k].field->value.is_null()) { // `metadata.get(key) is not None`
                overrides.key = &keys[k];
                break;
            }
    if (!overrides.key)
        return overrides;
    std::size_t k = static_cast<std::size_t>(overrides.key - keys.data());
    for (const LevelFields& found : levels)
        if (const Holder& holder = found[k]; holder.field && !holder.field->value.is_null())
            overrides.values.push_back(
                {nullptr, &holder.field->value, holder.card, holder.card->position_of(*holder.field)});
    return overrides;
}

// Where in the overrides the value at a config path was written: the
// leaf-most override that sets it (`_set_` first, as it is applied last).
// The string keys of the override mappings, indexed once for all the
// problems of one config.
class OverrideKeys {
public:
    const Value* find(const Value& map, std::string_view key) {
        auto [at, inserted] = indexes_.try_emplace(&map, map);
        const Field* field = at->second.find(key);
        return field ? &field->value : nullptr;
    }

private:
    std::unordered_map<const Value*, KeyIndex> indexes_;
};

const EffectiveField* writer_of(const std::vector<EffectiveField>& overrides, const std::string& path,
                                OverrideKeys& keys) {
    std::vector<std::string> segments;
    std::string segment;
    for (char c : path) {
        if (c == '.' || c == '[') {
            segments.push_back(std::move(segment));
            segment.clear();
            if (c == '[')
                segment = "[";
        } else if (c != ']') {
            segment += c;
        }
    }
    segments.push_back(std::move(segment));

    for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
        const Value* node = it->value;
        bool found = true;
        for (const std::string& part : segments) {
            if (!part.empty() && part[0] == '[') {
                std::size_t index = std::strtoul(part.c_str() + 1, nullptr, 10);
                if (!node->is_list() || index >= node->as_list().size()) {
                    found = false;
                    break;
                }
                node = &node->as_list()[index];
                continue;
            }
            const Value* set = node->is_map() ? keys.find(*node, "_set_") : nullptr;
            const Value* next = set && set->is_map() ? keys.find(*set, part) : nullptr;
            if (!next && node->is_map())
                next = keys.find(*node, part);
            if (!next) {
                found = false;
                break;
            }
            node = next;
        }
        if (found)
            return &*it;
    }
    return nullptr;
}

} // namespace

Value merge_config_override(const Value& target, const Value& source,
                            std::vector<ConfigProblem>& problems, const std::string& path) {
    // fairseq2's StandardConfigMerger: a value that is not a mapping replaces
    // the target whole; a mapping merges into the target, or into an empty
    // mapping when the target is none.
    if (!source.is_map())
        return source;
    static const Value empty{Value::Map{}};
    const Value& base = target.is_map() ? target : empty;

    std::unordered_set<std::string> dropped;
    if (const Value* del = source.find("_del_"); del && !del->is_null()) {
        if (!del->is_list())
            bad_directive(problems, config_path(path, "_del_"),
                          fmt::format("`{}` is expected to be a list of field names, but is of "
                                      "type `{}` instead.",
                                      config_path(path, "_del_"), del->type_name()),
                          del->mark());
        else
            for (const Value& key : del->as_list()) {
                if (key.is_string())
                    dropped.insert(key.as_string());
                else
                    bad_directive(problems, config_path(path, "_del_"),
                                  fmt::format("Each element of `{}` is expected to be a field "
                                              "name, but one is of type `{}` instead.",
                                              config_path(path, "_del_"), key.type_name()),
                                  key.mark());
            }
    }

    MapBuilder output{target.is_map() ? target.mark() : source.mark()};
    for (const Field& field : base.as_map())
        if (!field.has_string_key() || !dropped.count(field.key))
            output.set(field);

    // The sibling keys, then `_set_`, which replaces whole values.
    for (const Field& field : source.as_map()) {
        if (field.key == "_del_" || field.key == "_set_")
            continue;
        if (!field.value.is_map()) {
            output.set(field); // the key keeps its type (`1:` stays an int)
            continue;
        }
        const Value* existing = field.has_string_key() ? output.find_string_key(field.key) : nullptr;
        Value merged = merge_config_override(existing ? *existing : Value{}, field.value, problems,
                                             config_path(path, field.key));
        output.set(Field{field.key, field.key_mark, std::move(merged)});
    }
    if (const Value* set = source.find("_set_"); set && !set->is_null()) {
        if (!set->is_map())
            bad_directive(problems, config_path(path, "_set_"),
                          fmt::format("`{}` is expected to be a mapping of fields to values, but is "
                                      "of type `{}` instead.",
                                      config_path(path, "_set_"), set->type_name()),
                          set->mark());
        else
            for (const Field& field : set->as_map())
                output.set(field);
    }
    return std::move(output).build();
}

std::string expand_env_directives(std::string_view text) {
    // ReplaceEnvDirective: \$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}
    constexpr std::string_view opening = "${env:";
    auto is_start = [](char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    auto is_rest = [&](char c) { return is_start(c) || (c >= '0' && c <= '9'); };
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t at = text.find(opening, i);
        if (at == std::string_view::npos)
            break;
        out.append(text.substr(i, at - i));
        std::size_t name_start = at + opening.size();
        std::size_t j = name_start;
        if (j < text.size() && is_start(text[j])) {
            while (j < text.size() && is_rest(text[j]))
                ++j;
            std::string name{text.substr(name_start, j - name_start)};
            std::optional<std::string_view> fallback;
            std::size_t end = std::string_view::npos;
            if (j < text.size() && text[j] == '}') {
                end = j;
            } else if (j < text.size() && text[j] == ':') {
                std::size_t close = text.find('}', j + 1);
                if (close != std::string_view::npos) {
                    fallback = text.substr(j + 1, close - j - 1);
                    end = close;
                }
            }
            if (end != std::string_view::npos) {
                if (const char* value = std::getenv(name.c_str()))
                    out += value;
                else if (fallback)
                    out.append(*fallback);
                i = end + 1;
                continue;
            }
        }
        out.append(opening);
        i = name_start;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

void expand_env_directives(Value& value) {
    // StandardConfigProcessor walks lists and dicts and rewrites strings.
    switch (value.kind()) {
    case Value::Kind::string:
        if (value.as_string().find("${env:") != std::string::npos)
            value = Value{expand_env_directives(value.as_string()), value.mark()};
        return;
    case Value::Kind::list:
        for (Value& item : value.as_list())
            expand_env_directives(item);
        return;
    case Value::Kind::map:
        for (Field& field : value.as_map())
            expand_env_directives(field.value);
        return;
    default: return;
    }
}

namespace {

// What a card's effective config of a kind is built from, found on the card.
struct ConfigInputs {
    const EffectiveField* family_field = nullptr;
    const EffectiveField* arch_field = nullptr;
    // The overrides of the first overrides key any card of the chain holds
    // a non-null value for, root first; that key, empty when none.
    std::string overrides_key;
    std::vector<EffectiveField> overrides;

    EffectiveConfigCache::Key key(FamilyKind kind) const {
        EffectiveConfigCache::Key key{kind, {family_field->value, arch_field ? arch_field->value : nullptr}};
        for (const EffectiveField& override : overrides)
            key.inputs.push_back(override.value);
        return key;
    }
};

EffectiveConfig build_effective_config(const FamilyRegistry& families, const ConfigInputs& inputs,
                                       FamilyKind kind) {
    std::string prefix = to_string(kind);
    const EffectiveField* family_field = inputs.family_field;
    EffectiveConfig result;
    result.kind = kind;
    if (!family_field->value->is_string()) {
        result.problems.push_back(field_type_problem(*family_field, "str"));
        return result;
    }
    result.family_name = family_field->value->as_string();
    result.family = families.find_family(kind, result.family_name);
    if (!result.family) {
        auto known = families.families(kind);
        std::vector<std::string_view> names;
        for (const auto& family : known)
            names.push_back(family->name);
        result.problems.push_back(
            {.code = DiagnosticCode::unknown_family,
             .message = fmt::format("The {}_family field of the '{}' asset card is expected to be a "
                                    "registered {} family, but is '{}' instead.",
                                    prefix, family_field->card->display_name(), prefix, result.family_name),
             .location = family_field->location(),
             .asset = std::string{family_field->card->display_name()},
             .hint = did_you_mean(closest_match(result.family_name, names))});
        return result;
    }

    // Only model families have archs: StandardTokenizerFamily and
    // StandardDatasetFamily start from the config type's defaults and never
    // read `<kind>_arch`.
    const EffectiveField* arch_field = inputs.arch_field;
    if (arch_field && kind != FamilyKind::model)
        result.problems.push_back(
            {.severity = Severity::warning,
             .code = DiagnosticCode::ignored_field,
             .message = fmt::format("The {0}_arch field of the '{1}' asset card is ignored: fairseq2 has no "
                                    "{0} archs, and builds {0} configs from the config type's defaults "
                                    "and the {0}_config overrides. Remove the field.",
                                    prefix, arch_field->card->display_name()),
             .location = arch_field->location(),
             .asset = std::string{arch_field->card->display_name()}});
    if (!result.family->config)
        return result; // a family without config

    const ConfigSchema& schema = *result.family->config;
    // Defaults and archs carry no positions: a line they had would point
    // into the family data, not into a card.
    Value config = schema.defaults();
    if (arch_field && kind == FamilyKind::model) {
        if (!arch_field->value->is_string()) {
            result.problems.push_back(field_type_problem(*arch_field, "str"));
            return result;
        }
        result.arch = arch_field->value->as_string();
        const Value* arch = families.find_arch(schema.name, *result.arch);
        if (!arch) {
            auto archs = families.archs_of(schema.name);
            std::vector<std::string_view> names;
            for (const auto& a : archs)
                names.push_back(a->name);
            result.problems.push_back(
                {.code = DiagnosticCode::unknown_arch,
                 .message = fmt::format("The {}_arch field of the '{}' asset card is expected to be an arch "
                                        "of the '{}' {} family, but is '{}' instead.",
                                        prefix, arch_field->card->display_name(), result.family_name,
                                        prefix, *result.arch),
                 .location = arch_field->location(),
                 .asset = std::string{arch_field->card->display_name()},
                 .hint = did_you_mean(closest_match(*result.arch, names))});
            return result;
        }
        config = *arch;
    }

    // The overrides merged root first, leaf last, with the environment
    // directives expanded after each merge (StandardAssetConfigLoader.load).
    const std::vector<EffectiveField>& overrides = inputs.overrides;
    if (!overrides.empty()) {
        const std::string& key = inputs.overrides_key;
        result.overrides_key = key;
        for (const EffectiveField& override : overrides) {
            std::vector<ConfigProblem> problems;
            config = merge_config_override(config, *override.value, problems);
            expand_env_directives(config);
            for (ConfigProblem& problem : problems)
                result.problems.push_back(
                    {.code = problem.code,
                     .message = fmt::format("{} ({} of the '{}' asset card)", problem.message, key,
                                            override.card->display_name()),
                     .location = location_in(override, problem.mark),
                     .asset = std::string{override.card->display_name()},
                     .hint = did_you_mean(problem.suggestion)});
        }
    }

    // A problem of the built config lies in the override that wrote the
    // value at its path; else (a default, an arch value) at the family field.
    std::vector<ConfigProblem> problems;
    result.config = conform_config(schema, config, problems);
    OverrideKeys keys;
    for (ConfigProblem& problem : problems) {
        const EffectiveField* writer = writer_of(overrides, problem.path, keys);
        const EffectiveField& holder = writer ? *writer : *family_field;
        result.problems.push_back({.code = problem.code,
                                   .message = std::move(problem.message),
                                   .location = location_in(holder, writer ? problem.mark : Mark{}),
                                   .asset = std::string{holder.card->display_name()},
                                   .hint = did_you_mean(problem.suggestion)});
    }
    return result;
}

} // namespace

std::size_t EffectiveConfigCache::KeyHash::operator()(const Key& key) const noexcept {
    std::size_t hash = boost::hash_range(key.inputs.begin(), key.inputs.end());
    boost::hash_combine(hash, static_cast<int>(key.kind));
    return hash;
}

namespace {

std::atomic<std::uint64_t> cache_generations{0};

// What a thread found last in each slot: the cards a thread checks one after
// another mostly share their configs (the children of one base), and asking
// here first spares the shard's lock and table. The pointers are into the
// entries of the cache of that generation, which are never changed or
// removed while it lives.
struct RecentFind {
    std::uint64_t generation = 0;
    std::size_t hash = 0;
    const EffectiveConfigCache::Key* key = nullptr;
    const std::shared_ptr<const EffectiveConfig>* config = nullptr;
};
thread_local std::array<RecentFind, 64> recent_finds{};

} // namespace

EffectiveConfigCache::EffectiveConfigCache(Keeps keeps) : keeps_(keeps), generation_(++cache_generations) {
    for (auto kind : {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset})
        without_problems_[static_cast<std::size_t>(kind)] = std::make_shared<const EffectiveConfig>(
            EffectiveConfig{.kind = kind});
}

std::shared_ptr<const EffectiveConfig> EffectiveConfigCache::find(const Key& key) const {
    std::size_t hash = KeyHash{}(key);
    RecentFind& recent = recent_finds[(hash >> 4) % recent_finds.size()];
    if (recent.generation == generation_ && recent.hash == hash && *recent.key == key)
        return *recent.config;
    Shard& shard = shard_of(hash);
    std::lock_guard lock{shard.mutex};
    auto found = shard.configs.find(key);
    if (found == shard.configs.end())
        return nullptr;
    recent = {generation_, hash, &found->first, &found->second};
    return found->second;
}

std::shared_ptr<const EffectiveConfig> EffectiveConfigCache::keep(Key key, EffectiveConfig config) {
    std::shared_ptr<const EffectiveConfig> kept;
    if (keeps_ == Keeps::problems_only) {
        kept = config.problems.empty() ? without_problems_[static_cast<std::size_t>(config.kind)]
                                       : std::make_shared<const EffectiveConfig>(EffectiveConfig{
                                             .kind = config.kind, .problems = std::move(config.problems)});
    } else {
        // Shared, so that the copy each card takes of it does not copy the tree.
        config.config = std::move(config.config).shared();
        kept = std::make_shared<const EffectiveConfig>(std::move(config));
    }
    Shard& shard = shard_of(KeyHash{}(key));
    std::lock_guard lock{shard.mutex};
    return shard.configs.try_emplace(std::move(key), std::move(kept)).first->second;
}

std::optional<EffectiveConfig> effective_config(const FamilyRegistry& families, const ResolvedCard& card,
                                                FamilyKind kind, EffectiveConfigCache* cache) {
    const ConfigFieldKeys& keys = config_field_keys(kind);
    ConfigInputs inputs;
    inputs.family_field = card.field(keys.family);
    if (!inputs.family_field)
        return std::nullopt;
    inputs.arch_field = card.field(keys.arch);
    Overrides overrides = overrides_of(card, keys.overrides);
    if (overrides.key) {
        inputs.overrides = std::move(overrides.values);
        inputs.overrides_key = overrides.key->str();
    }

    EffectiveConfig result;
    if (!cache) {
        result = build_effective_config(families, inputs, kind);
    } else {
        EffectiveConfigCache::Key key = inputs.key(kind);
        std::shared_ptr<const EffectiveConfig> kept = cache->find(key);
        if (!kept)
            kept = cache->keep(std::move(key), build_effective_config(families, inputs, kind));
        result = *kept;
    }
    result.card = card.name();
    return result;
}

std::string config_key(FamilyKind kind) {
    return kind == FamilyKind::model ? "config" : std::string{to_string(kind)} + "_config";
}

const Diagnostic* EffectiveConfig::error() const noexcept {
    for (const Diagnostic& problem : problems)
        if (problem.severity == Severity::error)
            return &problem;
    return nullptr;
}

std::vector<EffectiveConfig> effective_configs(const FamilyRegistry& families, const ResolvedCard& card,
                                               const TokenizerLookup& tokenizer, EffectiveConfigCache* cache) {
    std::vector<EffectiveConfig> configs;
    configs.reserve(3);
    for (auto kind : {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset}) {
        if (kind != FamilyKind::tokenizer) {
            if (auto config = effective_config(families, card, kind, cache))
                configs.push_back(std::move(*config));
            continue;
        }
        // The tokenizer is the one of the card `tokenizer_ref` leads to.
        if (tokenizer.card) {
            if (auto config = effective_config(families, tokenizer.card->holder(card), kind, cache)) {
                config->references = tokenizer.card->references;
                configs.push_back(std::move(*config));
            }
        } else {
            EffectiveConfig failed;
            failed.kind = kind;
            failed.card = card.name();
            failed.problems.push_back(*tokenizer.error);
            configs.push_back(std::move(failed));
        }
    }
    return configs;
}

} // namespace fairseq2
