#include <deque>
#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "fairseq2/assets/card.hpp"
#include "fairseq2/assets/card_index.hpp"

using namespace fairseq2;

TEST_CASE("the card index keeps the first card of a name and finds every card after growing") {
    std::deque<AssetCard> cards;
    CardIndex index;
    for (int i = 0; i < 1000; ++i)
        cards.push_back(AssetCard{.name = fmt::format("card{}@", i)});
    for (const AssetCard& card : cards)
        CHECK(index.insert(card) == &card);
    CHECK(index.size() == 1000);

    AssetCard second{.name = "card7@"};
    CHECK(index.insert(second) == &cards[7]);
    CHECK(index.size() == 1000);

    for (int i = 0; i < 1000; ++i)
        REQUIRE(index.find(fmt::format("card{}@", i)) == &cards[static_cast<std::size_t>(i)]);
    CHECK(index.find("card1000@") == nullptr);
    CHECK(index.find("card7") == nullptr);

    index.clear();
    CHECK(index.find("card7@") == nullptr);
    CHECK(CardIndex{}.find("anything@") == nullptr);
}
