// A source's cards in load order, held in the arrays the files were read
// into. The loader hands each file's array over whole: copying every card
// into one array per source held each card twice at the load's peak, since
// the freed per-file arrays stay in the parsing threads' heaps.
#pragma once

#include <cstddef>
#include <iterator>
#include <vector>

#include "fairseq2/assets/card.hpp"

namespace fairseq2 {

// Whether `card` is one of `cards` (the very object).
bool is_one_of(const AssetCard& card, const std::vector<AssetCard>& cards) noexcept;

class CardList {
public:
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = AssetCard;
        using difference_type = std::ptrdiff_t;
        using pointer = const AssetCard*;
        using reference = const AssetCard&;

        const_iterator() = default;
        reference operator*() const { return (*chunk_)[position_]; }
        pointer operator->() const { return &(*chunk_)[position_]; }
        const_iterator& operator++() {
            if (++position_ == chunk_->size()) {
                ++chunk_;
                position_ = 0;
            }
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator before = *this;
            ++*this;
            return before;
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) {
            return a.chunk_ == b.chunk_ && a.position_ == b.position_;
        }

    private:
        friend class CardList;
        using Chunk = std::vector<std::vector<AssetCard>>::const_iterator;
        explicit const_iterator(Chunk chunk) : chunk_(chunk) {}
        Chunk chunk_{};
        std::size_t position_ = 0;
    };

    // Takes the cards of one file (or of an in-memory source) in whole. The
    // cards already held never move, so pointers to them stay valid.
    void append(std::vector<AssetCard> cards);

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    // The i-th card, in load order: a walk over the files, for tests and
    // short lists, not for every card of a large one.
    const AssetCard& operator[](std::size_t i) const;
    const_iterator begin() const { return const_iterator{chunks_.begin()}; }
    const_iterator end() const { return const_iterator{chunks_.end()}; }

    // The arrays the cards are held in, none empty, in load order.
    const std::vector<std::vector<AssetCard>>& chunks() const noexcept { return chunks_; }

private:
    std::vector<std::vector<AssetCard>> chunks_;
    std::size_t size_ = 0;
};

} // namespace fairseq2
