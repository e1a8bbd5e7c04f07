// One asset card as loaded from its source, before any resolution.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/yaml/value.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

// A `__name__` key: fairseq2's own fields (`__source__`, `__base_path__`),
// which it adds to every card, are such keys; a card's listing of its own
// fields leaves them out.
bool is_dunder_field(std::string_view key) noexcept;

// Whether a field of a card's mapping is its `name`.
inline bool is_name_field(const Field& field) noexcept { return field.key == "name" && field.has_string_key(); }

// What the cards of one file (or one in-memory entry) share: where they
// are, and the two fields fairseq2 adds to each. Held once, not per card.
struct CardOrigin {
    // No file, no added fields: the origin of a card made without one.
    CardOrigin() = default;
    CardOrigin(std::string file, std::string source, std::string base_path = {});

    // As diagnostics name it.
    std::string file;
    // `__source__`: `path:...`, `package:...` or an in-memory source's name.
    std::string source;
    // `__base_path__`, the directory relative locations are joined to; empty
    // for a card that has none (in memory, from a checkpoint).
    std::string base_path;
    // The fields fairseq2 adds to the metadata of each of these cards:
    // `__base_path__` (unless base_path is empty), then `__source__`.
    std::vector<Field> added_fields;
};

struct AssetCard {
    // The canonical name: `foo@` for a card, `foo@env` for an overlay.
    std::string name;
    // The card's mapping as its file has it. Its `name` field, if it has one,
    // stays in place (removing it would move every field after it) but is
    // not a field of the card: read the fields with for_each_field().
    Value metadata;
    // Its file (or in-memory entry) and the source it came from.
    std::shared_ptr<const CardOrigin> origin;
    // Where the card is in its file (its first key); 0 when not known.
    Mark mark;
    // Where the `name` key is, for messages about the name.
    Mark name_mark;

    // fairseq2's card metadata: `metadata` without its `name`, followed by
    // the fields the loader adds to every card of the file
    // (CardOrigin::added_fields), but for one that `metadata` has already:
    // the loader sets that one's value in place, as a Python dict keeps a
    // key's position.
    template <typename Visit>
    void for_each_field(Visit&& visit) const;
    // The field with that string key, own or added.
    const Value* find_field(std::string_view key) const noexcept;
    // The added field with that key, if the card has it from its origin.
    const Field* added_field(std::string_view key) const noexcept;

    const std::string& file() const noexcept { return origin_or_none().file; }
    // The source it came from, as `__source__` holds it.
    const std::string& source() const noexcept { return origin_or_none().source; }
    // The directory of its file, as the loader set `__base_path__`; empty for
    // a card that has no file (an in-memory card), where fairseq2 cannot make
    // a relative location absolute.
    const std::string& base_path() const noexcept { return origin_or_none().base_path; }
    // The card's document: file, and line and column of its first key.
    SourceLocation location() const { return {file(), mark.line, mark.column}; }

    std::string_view base_name() const noexcept {
        return std::string_view{name}.substr(0, name.find('@'));
    }
    std::string_view environment() const noexcept {
        return std::string_view{name}.substr(name.find('@') + 1);
    }
    bool is_overlay() const noexcept { return name.back() != '@'; }
    // The name as messages show it: `foo` for `foo@`, `foo@env` as it is.
    std::string_view display_name() const noexcept {
        return !name.empty() && name.back() == '@' ? base_name() : std::string_view{name};
    }

    // The line of a top-level field, or of the card when it has none there.
    SourceLocation field_location(std::string_view key) const;
    // The same as a position in the card's file.
    Mark field_mark(std::string_view key) const;
    // Where one of its fields is: its key, or the card itself for a field
    // without a position (those the loader adds).
    Mark position_of(const Field& field) const noexcept { return field.key_mark.line ? field.key_mark : mark; }
    // Where its `name` key is, for messages about the name.
    SourceLocation name_location() const { return {file(), name_mark.line, name_mark.column}; }

private:
    const CardOrigin& origin_or_none() const noexcept;
};

// The origin of a card made without one.
inline const CardOrigin no_card_origin{};

inline const CardOrigin& AssetCard::origin_or_none() const noexcept { return origin ? *origin : no_card_origin; }

template <typename Visit>
void AssetCard::for_each_field(Visit&& visit) const {
    bool own_added = false;
    if (metadata.is_map())
        for (const Field& field : metadata.as_map()) {
            if (is_name_field(field))
                continue;
            own_added = own_added || is_dunder_field(field.key);
            visit(field);
        }
    for (const Field& field : origin_or_none().added_fields)
        if (!own_added || !metadata.find(field.key))
            visit(field);
}

} // namespace fairseq2
