#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <vector>

#include "fairseq2/support/parallel.hpp"

using namespace fairseq2;

TEST_CASE("parallel_for_in_order hands every item to `then` once, in order, after its work") {
    for (std::size_t count : {0, 1, 2, 7, 1000}) {
        CAPTURE(count);
        constexpr std::size_t window = 4;
        std::vector<std::atomic<bool>> worked(count);
        std::vector<std::size_t> order;
        std::atomic<std::size_t> started{0};
        std::atomic<std::size_t> finished{0};
        std::atomic<bool> window_held{true};
        parallel_for_in_order(
            count,
            [&](std::size_t i) {
                // An item starts only once the one `window` before it is through.
                if (i >= window && finished.load() < i - window + 1)
                    window_held = false;
                ++started;
                worked[i] = true;
            },
            [&](std::size_t i) {
                if (!worked[i])
                    window_held = false;
                order.push_back(i);
                ++finished;
            },
            window);
        REQUIRE(order.size() == count);
        for (std::size_t i = 0; i < count; ++i)
            CHECK(order[i] == i);
        CHECK(started == count);
        CHECK(window_held);
    }
}
