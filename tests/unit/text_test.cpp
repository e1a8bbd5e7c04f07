#include <doctest/doctest.h>

#include <array>
#include <cstdint>

#include "fairseq2/support/text.hpp"

using namespace fairseq2;

TEST_CASE("a ByteBlock mask marks exactly the bytes that are so, whatever their neighbours") {
    // Every byte value at every place, beside every value of its neighbours:
    // a carry or borrow crossing bytes would mark a neighbour.
    std::size_t wrong = 0;
    for (int value = 0; value < 256; ++value)
        for (int neighbour = 0; neighbour < 256; ++neighbour)
            for (int place = 0; place < 8; ++place) {
                std::array<char, 8> bytes;
                bytes.fill(static_cast<char>(neighbour));
                bytes[place] = static_cast<char>(value);
                ByteBlock block{bytes.data()};
                for (int at = 0; at < 8; ++at) {
                    auto b = static_cast<unsigned char>(bytes[at]);
                    std::uint64_t bit = std::uint64_t{0x80} << (8 * at);
                    wrong += ((block.non_ascii() & bit) != 0) != (b >= 0x80);
                    wrong += ((block.below(0x20) & bit) != 0) != (b < 0x20);
                    wrong += ((block.equal('\n') & bit) != 0) != (b == '\n');
                    wrong += ((block.equal(0x7F) & bit) != 0) != (b == 0x7F);
                }
            }
    CHECK(wrong == 0);
}
