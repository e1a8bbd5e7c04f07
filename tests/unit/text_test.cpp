#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "fairseq2/support/text.hpp"

using namespace fairseq2;

TEST_CASE("a ByteBlock mask marks exactly the bytes that are so, whatever their neighbours") {
    // Every byte value at every place, beside every value of its neighbours.
    // A byte of a mask is all ones or all zeros; anything else counts wrong.
    std::size_t wrong = 0;
    auto marked = [&](ByteBlock::Mask mask, std::size_t at) {
        std::array<unsigned char, ByteBlock::size> bytes;
        std::memcpy(bytes.data(), &mask, bytes.size());
        wrong += bytes[at] != 0 && bytes[at] != 0xFF;
        return bytes[at] != 0;
    };
    for (int value = 0; value < 256; ++value)
        for (int neighbour = 0; neighbour < 256; ++neighbour)
            for (std::size_t place = 0; place < ByteBlock::size; place += 5) {
                std::array<char, ByteBlock::size> bytes;
                bytes.fill(static_cast<char>(neighbour));
                bytes[place] = static_cast<char>(value);
                ByteBlock block{bytes.data()};
                for (std::size_t at = 0; at < ByteBlock::size; ++at) {
                    auto b = static_cast<unsigned char>(bytes[at]);
                    wrong += marked(block.non_ascii(), at) != (b >= 0x80);
                    wrong += marked(block.below(0x20), at) != (b < 0x20);
                    wrong += marked(block.equal('\n'), at) != (b == '\n');
                    wrong += marked(block.equal(0x7F), at) != (b == 0x7F);
                }
                wrong += ByteBlock::none(block.equal(static_cast<unsigned char>(value)));
                wrong += ByteBlock::none(block.non_ascii()) != (value < 0x80 && neighbour < 0x80);
            }
    CHECK(wrong == 0);
}
