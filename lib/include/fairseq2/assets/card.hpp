// One asset card as loaded from its source, before any resolution.
#pragma once

#include <string>
#include <string_view>

#include "fairseq2/yaml/value.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

// A `__name__` key: fairseq2's own fields (`__source__`, `__base_path__`),
// which it adds to every card, are such keys; a card's listing of its own
// fields leaves them out.
bool is_dunder_field(std::string_view key) noexcept;

struct AssetCard {
    // The canonical name: `foo@` for a card, `foo@env` for an overlay.
    std::string name;
    // The card's mapping without `name`, plus `__base_path__` (the directory
    // of its file, for cards read from files) and `__source__`.
    Value metadata;
    // The card's document: file, and line and column of its first key.
    SourceLocation location;
    // Where the `name` key is, for messages about the name.
    Mark name_mark;
    // The source it came from, as `__source__` holds it.
    std::string source;
    // The directory of its file, as the loader set `__base_path__`; empty for
    // a card that has no file (an in-memory card), where fairseq2 cannot make
    // a relative location absolute.
    std::string base_path;

    std::string_view base_name() const noexcept {
        return std::string_view{name}.substr(0, name.find('@'));
    }
    std::string_view environment() const noexcept {
        return std::string_view{name}.substr(name.find('@') + 1);
    }
    bool is_overlay() const noexcept { return name.back() != '@'; }
    // `foo` for the card `foo@`, `foo@env` for an overlay.
    std::string display_name() const;

    // The line of a top-level field, or of the card when it has none there.
    SourceLocation field_location(std::string_view key) const;
    // The same as a position in the card's file.
    Mark field_mark(std::string_view key) const;
    // Where one of its fields is: its key, or the card itself for a field
    // without a position (those the loader adds).
    Mark position_of(const Field& field) const noexcept {
        return field.key_mark.line ? field.key_mark : Mark{location.line, location.column};
    }
    // Where its `name` key is, for messages about the name.
    SourceLocation name_location() const { return {location.file, name_mark.line, name_mark.column}; }
};

} // namespace fairseq2
