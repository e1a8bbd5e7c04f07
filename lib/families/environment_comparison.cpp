#include "fairseq2/families/environment_comparison.hpp"

#include <algorithm>
#include <unordered_map>

#include "fairseq2/yaml/python_values.hpp"

namespace fairseq2 {
namespace {

// The values of a config under dotted paths, nested configs flattened.
void flatten(const Value& value, const std::string& path, std::vector<std::pair<std::string, const Value*>>& out) {
    if (!value.is_map() || value.as_map().empty()) {
        out.emplace_back(path, &value);
        return;
    }
    for (const Field& field : value.as_map())
        flatten(field.value, path + "." + field.key.str(), out);
}

bool same(const ComparedCell& a, const ComparedCell& b) {
    if (!a.value || !b.value)
        return !a.value && !b.value;
    return python_equal(*a.value, *b.value);
}

} // namespace

CardInEnvironment resolve_in_environment(const AssetStore& store, const FamilyRegistry* families,
                                         const std::string& name, std::optional<std::string> environment) {
    CardInEnvironment column;
    column.environment = std::move(environment);
    try {
        column.card = store.retrieve_card(name + "@" + column.environment.value_or(""));
        column.details = card_details(store, families, *column.card);
    } catch (const Error& error) {
        column.error = error.diagnostic();
    }
    return column;
}

std::vector<std::optional<std::string>> environments_of_card(const AssetStore& store, const std::string& name) {
    std::vector<std::optional<std::string>> environments{std::nullopt, std::string{"user"}};
    auto add = [&](std::string_view env) {
        if (std::find(environments.begin(), environments.end(), std::optional<std::string>{env}) ==
            environments.end())
            environments.emplace_back(std::string{env});
    };
    std::vector<std::string_view> overlaid;
    if (const AssetCard* card = store.find_plain_card(name))
        store.for_each_overlay_on_chain(
            *card, [&](const AssetCard& overlay) { overlaid.push_back(overlay.environment()); });
    std::sort(overlaid.begin(), overlaid.end());
    for (std::string_view env : overlaid)
        add(env);
    if (const auto& detected = store.environment().name)
        add(*detected);
    return environments;
}

std::vector<ComparedRow> compare_environments(const std::vector<CardInEnvironment>& columns) {
    std::vector<ComparedRow> rows;
    std::unordered_map<std::string, std::size_t> row_of;
    auto row = [&](const std::string& key, bool config) -> ComparedRow& {
        auto [at, inserted] = row_of.try_emplace((config ? "c:" : "f:") + key, rows.size());
        if (inserted)
            rows.push_back({key, config, std::vector<ComparedCell>(columns.size()), false});
        return rows[at->second];
    };
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (!columns[c].card)
            continue;
        for (const EffectiveField& field : columns[c].card->fields())
            row(*field.key, false).cells[c] = {field.value, std::string{field.card->display_name()}, field.location()};
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (!columns[c].card)
            continue;
        for (const EffectiveConfig& config : columns[c].details.configs) {
            if (!config.family || config.error())
                continue;
            std::vector<std::pair<std::string, const Value*>> values;
            flatten(config.config, config_key(config.kind), values);
            for (const auto& [path, value] : values)
                row(path, true).cells[c] = {value, config.card, {}};
        }
    }
    for (ComparedRow& compared : rows)
        for (std::size_t c = 1; c < compared.cells.size(); ++c)
            if (!same(compared.cells[c], compared.cells.front()))
                compared.cells[c].changed = compared.differs = true;
    return rows;
}

} // namespace fairseq2
