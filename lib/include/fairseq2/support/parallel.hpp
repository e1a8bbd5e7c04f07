// Runs independent work items on a small pool: the card loader parses files
// this way, and fairseq2ctl renders large outputs this way.
#pragma once

#include <cstddef>
#include <functional>

namespace fairseq2 {

// Calls `work(i)` for every i in [0, count), on up to one thread per core,
// and returns when all are done. Items are handed out one at a time, so
// uneven items balance; `min_items_per_thread` keeps tiny jobs on one thread.
// `work` must not throw.
void parallel_for(std::size_t count, const std::function<void(std::size_t)>& work,
                  std::size_t min_items_per_thread = 8);

// Calls `work(i)` for every i in [0, count) on one thread per core, and
// `then(i)` on the calling thread for each i in order, once work(i) is done:
// the caller writes results out while the pool makes the next ones. At most
// `window` items are started and not yet through `then`, which bounds what
// their results hold; item i may reuse the room of item i - window. Neither
// function may throw.
void parallel_for_in_order(std::size_t count, const std::function<void(std::size_t)>& work,
                           const std::function<void(std::size_t)>& then, std::size_t window);

} // namespace fairseq2
