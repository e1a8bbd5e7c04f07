#include "fairseq2/assets/card.hpp"

#include "fairseq2/assets/name.hpp"

namespace fairseq2 {

bool is_dunder_field(std::string_view key) noexcept {
    return key.size() > 4 && key.substr(0, 2) == "__" && key.substr(key.size() - 2) == "__";
}

std::string AssetCard::display_name() const {
    return display_asset_name(name);
}

SourceLocation AssetCard::field_location(std::string_view key) const {
    Mark at = field_mark(key);
    return {file(), at.line, at.column};
}

Mark AssetCard::field_mark(std::string_view key) const {
    if (metadata.is_map())
        for (const Field& field : metadata.as_map())
            if (field.key == key)
                return position_of(field);
    return mark;
}

} // namespace fairseq2
