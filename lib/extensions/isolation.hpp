// Running code in a child process, so that a crash, an abort or an exit in it
// is observed instead of taking the caller down (as GStreamer's plugin
// scanner does). Knows nothing of extensions: the loader says what to run.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace fairseq2 {

// How a child process ended.
struct ChildOutcome {
    enum class Kind {
        came_back,   // `work` returned or threw
        signalled,   // killed by `signal`
        exited,      // called exit() with `exit_status` before `work` came back
        timed_out,   // still running after the timeout, so killed
        not_started, // pipe() or fork() failed: `error` says which and why
    };
    Kind kind = Kind::came_back;
    int signal = 0;
    int exit_status = 0;
    std::string error;
};

// "SIGSEGV", or "signal N" for a signal without a name.
std::string signal_name(int signal);

// Runs `work` in a forked child and waits for it, `timeout` at most.
ChildOutcome run_in_child_process(const std::function<void()>& work, std::chrono::milliseconds timeout);

} // namespace fairseq2
