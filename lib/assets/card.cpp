#include "fairseq2/assets/card.hpp"

#include "fairseq2/assets/name.hpp"

#include <utility>

namespace fairseq2 {

bool is_dunder_field(std::string_view key) noexcept {
    return key.size() > 4 && key.substr(0, 2) == "__" && key.substr(key.size() - 2) == "__";
}

CardOrigin::CardOrigin(std::string file_, std::string source_, std::string base_path_)
    : file(std::move(file_)), source(std::move(source_)), base_path(std::move(base_path_)) {
    if (!base_path.empty())
        added_fields.push_back({"__base_path__", {}, Value{base_path}});
    added_fields.push_back({"__source__", {}, Value{source}});
}

const Field* AssetCard::added_field(std::string_view key) const noexcept {
    for (const Field& field : origin_or_none().added_fields)
        if (field.key == key)
            return metadata.find(key) ? nullptr : &field;
    return nullptr;
}

const Value* AssetCard::find_field(std::string_view key) const noexcept {
    if (key == "name")
        return nullptr;
    if (const Value* own = metadata.find(key))
        return own;
    const Field* added = added_field(key);
    return added ? &added->value : nullptr;
}

SourceLocation AssetCard::field_location(std::string_view key) const {
    Mark at = field_mark(key);
    return {file(), at.line, at.column};
}

Mark AssetCard::field_mark(std::string_view key) const {
    if (metadata.is_map())
        for (const Field& field : metadata.as_map())
            if (field.key == key && !is_name_field(field))
                return position_of(field);
    return mark;
}

} // namespace fairseq2
