// Cards by canonical name, for the loader (which drops a second card of a
// name) and the store (which looks every card up at least once). An open
// addressing table of pointers to the cards, whose names are the keys: one
// allocation for any number of cards, and a look-up touches one slot array
// and the card it finds, where a node-based map also touches a node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fairseq2 {

struct AssetCard;

class CardIndex {
public:
    // Room for `count` cards without growing.
    void reserve(std::size_t count);

    // The hash of a name, as the index uses it: the loader works these out
    // on many threads, beside the cards it reads, and passes them in.
    static std::size_t hash(std::string_view name) noexcept;

    // The card with that canonical name, or null.
    const AssetCard* find(std::string_view name) const noexcept { return find(name, hash(name)); }
    const AssetCard* find(std::string_view name, std::size_t hash) const noexcept;
    // Adds the card unless one of its name is there; either way returns the
    // card the index holds for that name. The card must outlive the index
    // and keep its name.
    const AssetCard* insert(const AssetCard& card);
    const AssetCard* insert(const AssetCard& card, std::size_t hash);
    // Starts loading the slot a name of that hash is looked for at: a loop
    // over many names calls it a few names ahead, so that the look-ups' cache
    // misses overlap rather than follow each other.
    void prefetch(std::size_t hash) const noexcept;

    std::size_t size() const noexcept { return size_; }
    void clear() noexcept;

private:
    // The slot that holds `name` (whose hash is `hash`), or the empty slot
    // where it would go.
    std::size_t slot_of(std::string_view name, std::size_t hash) const noexcept;
    void grow(std::size_t slot_count);

    // Parallel arrays, a power of two long, at most half full: each slot's
    // card (null when empty) and the high bits of its name's hash, compared
    // before the name is.
    std::vector<const AssetCard*> cards_;
    std::vector<std::uint32_t> tags_;
    std::size_t size_ = 0;
};

} // namespace fairseq2
