#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "fairseq2/assets/card_list.hpp"

using namespace fairseq2;

namespace {

std::vector<AssetCard> cards_named(std::vector<std::string> names) {
    std::vector<AssetCard> cards(names.size());
    for (std::size_t i = 0; i < names.size(); ++i)
        cards[i].name = names[i];
    return cards;
}

} // namespace

TEST_CASE("a card list keeps the arrays it takes, in order, without moving a card") {
    CardList list;
    CHECK(list.empty());
    CHECK(list.begin() == list.end());

    std::vector<AssetCard> first = cards_named({"a@", "b@"});
    const AssetCard* a = first.data();
    list.append(std::move(first));
    list.append({});
    for (int i = 0; i < 40; ++i) // enough arrays that the list of them grows
        list.append(cards_named({"c" + std::to_string(i) + "@"}));

    CHECK(list.size() == 42);
    CHECK(list.chunks().size() == 41); // the empty array is not kept
    CHECK(&list[0] == a);
    CHECK(list[1].name == "b@");
    CHECK(list[41].name == "c39@");
    CHECK_THROWS_AS(list[42], std::out_of_range);

    std::vector<std::string> names;
    for (const AssetCard& card : list)
        names.push_back(card.name);
    REQUIRE(names.size() == 42);
    CHECK(names[0] == "a@");
    CHECK(names[2] == "c0@");

    CHECK(is_one_of(*a, list.chunks().front()));
    CHECK(is_one_of(list[41], list.chunks().back()));
    CHECK_FALSE(is_one_of(list[41], list.chunks().front()));
    AssetCard elsewhere;
    CHECK_FALSE(is_one_of(elsewhere, list.chunks().front()));
}
