#include "fairseq2/assets/location.hpp"

#include <fmt/format.h>

#include "fairseq2/assets/tokenizer_ref.hpp"
#include "fairseq2/assets/uri.hpp"
#include "fairseq2/support/did_you_mean.hpp"

namespace fairseq2 {

AssetLocation resolve_location(const ResolvedCard& card, const EffectiveField& field) {
    const std::string& name = *field.key;
    if (!field.value->is_string())
        throw Error{Diagnostic{
            .code = DiagnosticCode::field_type,
            .message = fmt::format("The {} field of the '{}' asset card is expected to be of type `str`, but "
                                   "is of type `{}` instead.",
                                   name, field.card->display_name(), field.value->type_name()),
            .location = field.location(),
            .asset = std::string{field.card->display_name()}}};
    const std::string& text = field.value->as_string();

    AssetLocation location;
    if (auto uri = parse_uri(text)) {
        location.uri = uri->to_string();
        location.scheme = uri->scheme;
    } else {
        std::string path = normalize_path(text);
        if (path[0] != '/') {
            const std::string& base = card.base_path();
            if (base.empty() || base[0] != '/')
                throw Error{Diagnostic{
                    .code = DiagnosticCode::invalid_uri,
                    .message = fmt::format("The {} field of the '{}' asset card is the relative path '{}', "
                                           "but the card has no directory to take it from (it is not read "
                                           "from a file), so fairseq2 cannot convert it to a URI. Make it "
                                           "an absolute path or a URI.",
                                           name, card.name(), text),
                    .location = field.location(),
                    .asset = std::string{field.card->display_name()}}};
            path = join_path(base, path);
            location.relative = true;
        }
        location.uri = file_uri(path);
        location.scheme = "file";
    }
    if (location.scheme == "file")
        location.local_path = location.uri.substr(std::string_view{"file://"}.size());

    if (!is_supported_uri_scheme(location.scheme)) {
        std::vector<std::string_view> schemes(supported_uri_schemes.begin(), supported_uri_schemes.end());
        auto near = closest_match(location.scheme, schemes);
        throw Error{Diagnostic{
            .code = DiagnosticCode::invalid_uri,
            .message =
                fmt::format("The {} URI scheme of the '{}' asset card is expected to be a supported "
                            "scheme ({}), but is {} instead.",
                            name, field.card->display_name(), fmt::join(schemes, ", "), location.scheme),
            .location = field.location(),
            .asset = std::string{field.card->display_name()},
            .hint = did_you_mean(near)}};
    }
    return location;
}

namespace {

void add_location(std::vector<CardLocation>& out, const ResolvedCard& card, std::string_view field) {
    const EffectiveField* value = card.field(field);
    if (!value)
        return;
    CardLocation entry{std::string{field}, card.name(), *value, std::nullopt, std::nullopt};
    try {
        entry.location = resolve_location(card, *value);
    } catch (const Error& error) {
        entry.error = error.diagnostic();
    }
    out.push_back(std::move(entry));
}

} // namespace

std::vector<CardLocation> card_locations(const ResolvedCard& card, const TokenizerLookup& tokenizer) {
    std::vector<CardLocation> locations;
    if (card.field("model_family"))
        add_location(locations, card, "checkpoint");
    if (tokenizer.card && tokenizer.card->holder(card).field("tokenizer_family"))
        add_location(locations, tokenizer.card->holder(card), "tokenizer");
    return locations;
}

} // namespace fairseq2
