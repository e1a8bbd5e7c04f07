#include "fairseq2/assets/card_list.hpp"

#include <functional>
#include <stdexcept>

namespace fairseq2 {

void CardList::append(std::vector<AssetCard> cards) {
    if (cards.empty())
        return;
    size_ += cards.size();
    chunks_.push_back(std::move(cards));
}

const AssetCard& CardList::operator[](std::size_t i) const {
    for (const std::vector<AssetCard>& chunk : chunks_) {
        if (i < chunk.size())
            return chunk[i];
        i -= chunk.size();
    }
    throw std::out_of_range{"CardList index out of range"};
}

bool CardList::holds(const AssetCard& card) const noexcept {
    // std::less: a total order even between pointers into other arrays.
    std::less<const AssetCard*> before;
    for (const std::vector<AssetCard>& chunk : chunks_)
        if (!before(&card, chunk.data()) && before(&card, chunk.data() + chunk.size()))
            return true;
    return false;
}

} // namespace fairseq2
