#include "fairseq2/assets/find.hpp"

#include <fnmatch.h>

#include <fmt/format.h>

#include "fairseq2/support/text.hpp"
#include "fairseq2/yaml/python_values.hpp"
#include "fairseq2/yaml/reader.hpp"

namespace fairseq2 {
namespace {

bool matches(const CardQuery& query, const Value& value) {
    if (query.match == CardQuery::Match::equal)
        return python_equal(query.value, value);
    if (value.is_list() || value.is_map() || value.kind() == Value::Kind::set)
        return false;
    std::string text = value.is_string() ? value.as_string() : value.key_text();
    return ::fnmatch(query.pattern.c_str(), text.c_str(), 0) == 0;
}

} // namespace

CardQuery parse_card_query(std::string_view text) {
    auto equals = text.find('=');
    std::string_view field = trim(text.substr(0, equals == std::string_view::npos ? 0 : equals));
    bool glob = equals != std::string_view::npos && equals > 0 && text[equals - 1] == '~';
    if (glob)
        field = trim(text.substr(0, equals - 1));
    if (equals == std::string_view::npos || field.empty())
        throw Error{{.code = DiagnosticCode::invalid_argument,
                     .message = fmt::format("'{}' is not a query: write FIELD=VALUE (the value as YAML types "
                                            "it) or FIELD~=GLOB (`checkpoint~=/old/mount/*`).",
                                            text)}};
    CardQuery query;
    query.field = std::string{field};
    std::string_view rest = text.substr(equals + 1);
    if (glob) {
        query.match = CardQuery::Match::glob;
        query.pattern = std::string{rest};
    } else {
        query.value = read_yaml_value(rest);
    }
    return query;
}

FoundCards find_cards(const AssetStore& store, const std::vector<CardQuery>& queries,
                      const std::function<Diagnostic(const Error&)>& explain) {
    FoundCards found;
    for (std::string_view name : store.asset_names()) {
        try {
            ResolvedCard card = store.retrieve_card(name);
            FoundCard match{std::string{name}, {}};
            for (const CardQuery& query : queries) {
                const EffectiveField* field = card.field(query.field);
                if (!field || !matches(query, *field->value))
                    break;
                match.fields.push_back(*field);
            }
            if (match.fields.size() == queries.size())
                found.cards.push_back(std::move(match));
        } catch (const Error& error) {
            found.problems.push_back(explain ? explain(error) : error.diagnostic());
        }
    }
    return found;
}

} // namespace fairseq2
