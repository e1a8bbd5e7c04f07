#include "fairseq2/support/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

namespace fairseq2 {

void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work,
                  std::size_t min_items_per_thread) {
    std::atomic<std::size_t> next{0};
    auto drain = [&] {
        for (std::size_t i = next++; i < count; i = next++)
            work(i);
    };

    std::size_t threads = std::max(1U, std::thread::hardware_concurrency());
    threads = std::min(threads, (count + min_items_per_thread - 1) / std::max<std::size_t>(1, min_items_per_thread));
    if (threads <= 1) {
        drain();
        return;
    }
    boost::asio::thread_pool pool{threads};
    for (std::size_t i = 0; i < threads; ++i)
        boost::asio::post(pool, drain);
    pool.join();
}

} // namespace fairseq2
