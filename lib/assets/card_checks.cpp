#include "card_checks.hpp"

#include <fmt/format.h>

#include "fairseq2/assets/name.hpp"

namespace fairseq2 {

void check_cards(std::vector<CardDocument> documents, std::vector<AssetCard>& cards, Diagnostics& diagnostics) {
    cards.reserve(cards.size() + documents.size());
    for (CardDocument& document : documents) {
        std::size_t i = document.index;
        // Built only for a problem: a card that passes copies no file name.
        auto where = [&] { return document.location(); };
        const std::string& file = document.origin->file;
        Value& root = document.root;
        if (root.is_null()) {
            diagnostics.push_back(
                {.code = DiagnosticCode::empty_document,
                 .message = fmt::format("The document at index {} in {} is empty, and fairseq2 refuses an "
                                        "empty document. Remove it (often a trailing '---').",
                                        i, file),
                 .location = where()});
            continue;
        }
        if (!root.is_map()) {
            diagnostics.push_back(
                {.code = DiagnosticCode::not_a_mapping,
                 .message = fmt::format("The asset card at index {} in {} is expected to be a mapping, but "
                                        "is of type `{}` instead.",
                                        i, file, root.type_name()),
                 .location = where()});
            continue;
        }

        const Value* name = root.find("name");
        Mark name_mark = document.mark;
        for (const Field& field : root.as_map())
            if (field.key == "name")
                name_mark = field.key_mark;
        auto name_location = [&] { return SourceLocation{file, name_mark.line, name_mark.column}; };

        if (!name || name->is_null() || (name->is_string() && name->as_string().empty())) {
            diagnostics.push_back(
                {.code = DiagnosticCode::missing_name,
                 .message = fmt::format("The asset card at index {} in {} does not have a name. Add a "
                                        "`name:` field.",
                                        i, file),
                 .location = name ? name_location() : where()});
            continue;
        }
        if (!name->is_string()) {
            diagnostics.push_back(
                {.code = DiagnosticCode::invalid_name,
                 .message = fmt::format("The name of the asset card at index {} in {} is expected to be of "
                                        "type `str`, but is of type `{}` instead. Quote it.",
                                        i, file, name->type_name()),
                 .location = name_location()});
            continue;
        }
        auto canonical = canonicalize_asset_name(name->as_string());
        if (!canonical) {
            diagnostics.push_back(
                {.code = DiagnosticCode::invalid_name,
                 .message = fmt::format("The asset card at index {} in {} has the invalid name '{}'. A name "
                                        "is `NAME` or `NAME@ENV`: one `@` at most, and not at the start.",
                                        i, file, name->as_string()),
                 .location = name_location(),
                 .asset = name->as_string()});
            continue;
        }
        AssetCard card;
        card.name = std::move(*canonical);
        card.name_mark = name_mark;

        if (Value* base = root.find("base"); base && !base->is_null()) {
            auto base_location = [&] {
                for (const Field& field : root.as_map())
                    if (field.key == "base")
                        return SourceLocation{file, field.key_mark.line, field.key_mark.column};
                return where();
            };
            if (!base->is_string()) {
                diagnostics.push_back({.code = DiagnosticCode::invalid_base,
                                       .message = fmt::format(
                                           "The base of the '{}' asset card is expected to be of type `str`, "
                                           "but is of type `{}` instead.",
                                           card.display_name(), base->type_name()),
                                       .location = base_location(),
                                       .asset = std::string{card.display_name()}});
                continue;
            }
            auto sanitized = sanitize_base_asset_name(base->as_string());
            if (!sanitized) {
                diagnostics.push_back(
                    {.code = DiagnosticCode::invalid_base,
                     .message = fmt::format("The base of the '{}' asset card is '{}', which is not a valid "
                                            "base name: it must be a card name without `@`, and not blank. "
                                            "An overlay cannot be a base; name its card instead.",
                                            card.display_name(), base->as_string()),
                     .location = base_location(),
                     .asset = std::string{card.display_name()}});
                continue;
            }
            *base = Value{std::move(*sanitized), base->mark()};
        }

        // The fields fairseq2 adds are the origin's, listed after the
        // card's own; a card that has one of them itself gets its value.
        for (const Field& added : document.origin->added_fields)
            if (Value* own = root.find(added.key))
                *own = Value{added.value.as_string(), document.mark};
        card.metadata = std::move(root);
        card.origin = std::move(document.origin);
        card.mark = document.mark;
        cards.push_back(std::move(card));
    }
}

} // namespace fairseq2
