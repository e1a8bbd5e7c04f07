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

bool is_one_of(const AssetCard& card, const std::vector<AssetCard>& cards) noexcept {
    // std::less: a total order even between pointers into other arrays.
    std::less<const AssetCard*> before;
    return !before(&card, cards.data()) && before(&card, cards.data() + cards.size());
}

} // namespace fairseq2
