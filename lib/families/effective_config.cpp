#include "fairseq2/families/effective_config.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fairseq2/support/did_you_mean.hpp"

namespace fairseq2 {
namespace {

Diagnostic card_problem(const EffectiveField& field, std::string code, std::string message,
                        Mark mark = {}) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.location = field.location;
    if (mark.line)
        d.location = {field.location.file, mark.line, mark.column};
    d.asset = field.card->display_name();
    return d;
}

Diagnostic not_a_string(const EffectiveField& field, const ResolvedCard& card) {
    return card_problem(field, "field-type",
                        fmt::format("The {} field of the '{}' asset card is expected to be of type "
                                    "`str`, but is of type `{}` instead.",
                                    *field.key, card.name(), field.value->type_name()));
}

// An unknown family or arch, with the nearest registered name as a hint.
Diagnostic unknown_name(const EffectiveField& field, std::string code, std::string message,
                        const std::vector<std::string_view>& registered) {
    Diagnostic d = card_problem(field, std::move(code), std::move(message));
    if (auto near = closest_match(field.value->as_string(), registered))
        d.hint = fmt::format("Did you mean '{}'?", *near);
    return d;
}

} // namespace

Value merge_config_override(const Value& target, const Value& source,
                            std::vector<ConfigProblem>& problems, const std::string& path) {
    if (!source.is_map())
        return source; // scalars and lists replace
    if (!target.is_map())
        return source; // an unset nested config (null) takes the mapping whole

    Value output{Value::Map{}, target.mark()};
    std::vector<std::string> dropped;
    if (const Value* del = source.find("_del_")) {
        if (!del->is_list())
            problems.push_back({"config-type-mismatch", config_path(path, "_del_"),
                                fmt::format("`{}` is expected to be a list of field names, but is of "
                                            "type `{}`.",
                                            config_path(path, "_del_"), del->type_name()),
                                del->mark(), {}});
        else
            for (const Value& key : del->as_list()) {
                if (key.is_string())
                    dropped.push_back(key.as_string());
                else
                    problems.push_back({"config-type-mismatch", config_path(path, "_del_"),
                                        fmt::format("Each element of `{}` is expected to be a field "
                                                    "name, but one is of type `{}`.",
                                                    config_path(path, "_del_"), key.type_name()),
                                        key.mark(), {}});
            }
    }
    for (const Field& field : target.as_map())
        if (std::find(dropped.begin(), dropped.end(), field.key) == dropped.end())
            output.as_map().push_back(field);

    if (const Value* set = source.find("_set_")) {
        if (!set->is_map())
            problems.push_back({"config-type-mismatch", config_path(path, "_set_"),
                                fmt::format("`{}` is expected to be a mapping of fields to values, "
                                            "but is of type `{}`.",
                                            config_path(path, "_set_"), set->type_name()),
                                set->mark(), {}});
        else
            for (const Field& field : set->as_map())
                output.set(field.key, field.value, field.key_mark);
    }

    for (const Field& field : source.as_map()) {
        if (field.key == "_del_" || field.key == "_set_")
            continue;
        Value* existing = output.find(field.key);
        if (!existing) {
            std::vector<std::string_view> names;
            for (const Field& known : output.as_map())
                names.push_back(known.key);
            auto near = closest_match(field.key, names);
            problems.push_back({"unknown-config-field", config_path(path, field.key),
                                fmt::format("The override sets `{}`, which the config does not "
                                            "have{}.",
                                            config_path(path, field.key),
                                            near ? fmt::format("; did you mean `{}`?", config_path(path, *near)) : ""),
                                field.key_mark, near.value_or("")});
            continue;
        }
        *existing = merge_config_override(*existing, field.value, problems, config_path(path, field.key));
    }
    return output;
}

std::optional<EffectiveConfig> effective_config(const FamilyRegistry& families, const ResolvedCard& card,
                                                FamilyKind kind) {
    std::string prefix = to_string(kind);
    const EffectiveField* family_field = card.field(prefix + "_family");
    if (!family_field)
        return std::nullopt;

    EffectiveConfig result;
    result.kind = kind;
    if (!family_field->value->is_string()) {
        result.problems.push_back(not_a_string(*family_field, card));
        return result;
    }
    result.family_name = family_field->value->as_string();
    result.family = families.find_family(kind, result.family_name);
    if (!result.family) {
        auto known = families.families(kind);
        std::vector<std::string_view> names;
        for (const auto& family : known)
            names.push_back(family->name);
        result.problems.push_back(unknown_name(
            *family_field, "unknown-family",
            fmt::format("The {}_family field of the '{}' asset card is expected to be a registered {} "
                        "family, but is '{}' instead.",
                        prefix, card.name(), prefix, result.family_name),
            names));
        return result;
    }
    if (!result.family->config)
        return result; // a family without config

    const ConfigSchema& schema = *result.family->config;
    // Defaults and archs carry no positions: a line they had would point
    // into the family data, not into a card.
    Value config = schema.defaults();
    if (const EffectiveField* arch_field = card.field(prefix + "_arch")) {
        if (!arch_field->value->is_string()) {
            result.problems.push_back(not_a_string(*arch_field, card));
            return result;
        }
        result.arch = arch_field->value->as_string();
        const Value* arch = families.find_arch(schema.name, *result.arch);
        if (!arch) {
            auto archs = families.archs_of(schema.name);
            std::vector<std::string_view> names;
            for (const auto& a : archs)
                names.push_back(a->name);
            result.problems.push_back(unknown_name(
                *arch_field, "unknown-arch",
                fmt::format("The {}_arch field of the '{}' asset card is expected to be an arch of "
                            "the '{}' {} family, but is '{}' instead.",
                            prefix, card.name(), result.family_name, prefix, *result.arch),
                names));
            return result;
        }
        config = *arch;
    }

    // The overrides of the first key any card has, root first, leaf last.
    // A problem the result has at a position lies in the leaf-most of them.
    std::optional<EffectiveField> last_override;
    for (const char* suffix : {"_config_overrides", "_config_override", "_config"}) {
        std::string key = prefix + suffix;
        std::vector<EffectiveField> overrides;
        for (auto level = card.chain().rbegin(); level != card.chain().rend(); ++level) {
            const AssetCard* holder = level->overlay && level->overlay->metadata.find(key)
                ? level->overlay
                : (level->card->metadata.find(key) ? level->card : nullptr);
            if (holder) {
                EffectiveField field{nullptr, holder->metadata.find(key), holder,
                                     holder->field_location(key)};
                overrides.push_back(field);
            }
        }
        if (overrides.empty())
            continue;
        result.overrides_key = key;
        last_override = overrides.back();
        for (const EffectiveField& override : overrides) {
            std::vector<ConfigProblem> problems;
            config = merge_config_override(config, *override.value, problems);
            for (ConfigProblem& problem : problems)
                result.problems.push_back(card_problem(
                    override, problem.code,
                    fmt::format("{} ({} of the '{}' asset card)", problem.message, key,
                                override.card->display_name()),
                    problem.mark));
        }
        break;
    }

    std::vector<ConfigProblem> problems;
    result.config = conform_config(schema, config, problems);
    for (ConfigProblem& problem : problems) {
        bool from_override = last_override && problem.mark.line;
        result.problems.push_back(card_problem(from_override ? *last_override : *family_field,
                                               problem.code, problem.message, problem.mark));
    }
    return result;
}

} // namespace fairseq2
