#include "fairseq2/assets/card_index.hpp"

#include <bit>
#include <functional>

#include "fairseq2/assets/card.hpp"

namespace fairseq2 {

namespace {

std::uint32_t tag_of(std::size_t hash) noexcept { return static_cast<std::uint32_t>(hash >> 32); }

} // namespace

void CardIndex::reserve(std::size_t count) {
    std::size_t wanted = std::bit_ceil(count * 2 + 2);
    if (wanted > cards_.size())
        grow(wanted);
}

std::size_t CardIndex::hash(std::string_view name) noexcept { return std::hash<std::string_view>{}(name); }

std::size_t CardIndex::slot_of(std::string_view name, std::size_t hash) const noexcept {
    std::uint32_t tag = tag_of(hash);
    std::size_t mask = cards_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const AssetCard* card = cards_[slot];
        if (!card || (tags_[slot] == tag && card->name == name))
            return slot;
    }
}

const AssetCard* CardIndex::find(std::string_view name, std::size_t hash) const noexcept {
    if (size_ == 0)
        return nullptr;
    return cards_[slot_of(name, hash)];
}

void CardIndex::prefetch(std::size_t hash) const noexcept {
    if (cards_.empty())
        return;
    std::size_t slot = hash & (cards_.size() - 1);
    __builtin_prefetch(&cards_[slot]);
    __builtin_prefetch(&tags_[slot]);
}

const AssetCard* CardIndex::insert(const AssetCard& card) { return insert(card, hash(card.name)); }

const AssetCard* CardIndex::insert(const AssetCard& card, std::size_t hash) {
    if ((size_ + 1) * 2 > cards_.size())
        grow(std::max<std::size_t>(16, cards_.size() * 2));
    std::size_t slot = slot_of(card.name, hash);
    if (cards_[slot])
        return cards_[slot];
    cards_[slot] = &card;
    tags_[slot] = tag_of(hash);
    ++size_;
    return &card;
}

void CardIndex::clear() noexcept {
    cards_.clear();
    tags_.clear();
    size_ = 0;
}

void CardIndex::grow(std::size_t slot_count) {
    std::vector<const AssetCard*> held;
    held.reserve(size_);
    for (const AssetCard* card : cards_)
        if (card)
            held.push_back(card);
    cards_.assign(slot_count, nullptr);
    tags_.assign(slot_count, 0);
    size_ = 0;
    for (const AssetCard* card : held)
        insert(*card);
}

} // namespace fairseq2
