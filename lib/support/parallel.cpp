#include "fairseq2/support/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

namespace fairseq2 {

namespace {

std::size_t thread_count(std::size_t count, std::size_t min_items_per_thread) {
    std::size_t threads = std::max(1U, std::thread::hardware_concurrency());
    return std::min(threads, (count + min_items_per_thread - 1) / std::max<std::size_t>(1, min_items_per_thread));
}

} // namespace

void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work,
                  std::size_t min_items_per_thread) {
    std::atomic<std::size_t> next{0};
    auto drain = [&] {
        for (std::size_t i = next++; i < count; i = next++)
            work(i);
    };

    std::size_t threads = thread_count(count, min_items_per_thread);
    if (threads <= 1) {
        drain();
        return;
    }
    boost::asio::thread_pool pool{threads};
    for (std::size_t i = 0; i < threads; ++i)
        boost::asio::post(pool, drain);
    pool.join();
}

void parallel_for_in_order(std::size_t count, const std::function<void(std::size_t)>& work,
                           const std::function<void(std::size_t)>& then, std::size_t window) {
    window = std::max<std::size_t>(1, window);
    std::size_t threads = thread_count(count, 2);
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i) {
            work(i);
            then(i);
        }
        return;
    }

    std::mutex mutex;
    std::condition_variable item_done; // the caller waits for the next item
    std::condition_variable room;      // the pool waits for the window to move
    std::vector<bool> done(count);
    std::size_t finished = 0; // items through `then`
    std::atomic<std::size_t> next{0};
    auto drain = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            {
                std::unique_lock lock{mutex};
                room.wait(lock, [&] { return i < finished + window; });
            }
            work(i);
            {
                std::lock_guard lock{mutex};
                done[i] = true;
            }
            item_done.notify_one();
        }
    };
    boost::asio::thread_pool pool{threads};
    for (std::size_t i = 0; i < threads; ++i)
        boost::asio::post(pool, drain);
    for (std::size_t i = 0; i < count; ++i) {
        {
            std::unique_lock lock{mutex};
            item_done.wait(lock, [&] { return done[i]; });
        }
        then(i);
        {
            std::lock_guard lock{mutex};
            ++finished;
        }
        room.notify_all();
    }
    pool.join();
}

} // namespace fairseq2
