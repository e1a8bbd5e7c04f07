#include "isolation.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string_view>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

namespace fairseq2 {
namespace {

constexpr std::string_view came_back = "returned";

// What the child wrote before its end of the pipe closed, or until the
// timeout (then the child is killed and `timed_out` set).
std::string read_reply(int fd, pid_t child, std::chrono::milliseconds timeout, bool& timed_out) {
    std::string reply;
    pollfd poll_fd{fd, POLLIN, 0};
    while (true) {
        int ready = ::poll(&poll_fd, 1, static_cast<int>(timeout.count()));
        if (ready == 0) {
            timed_out = true;
            ::kill(child, SIGKILL);
            break;
        }
        if (ready < 0 && errno == EINTR)
            continue;
        char buffer[64];
        ssize_t n = ready > 0 ? ::read(fd, buffer, sizeof buffer) : 0;
        if (n <= 0)
            break;
        reply.append(buffer, static_cast<std::size_t>(n));
    }
    return reply;
}

} // namespace

std::string signal_name(int signal) {
    const char* name = ::sigabbrev_np(signal);
    return name ? fmt::format("SIG{}", name) : fmt::format("signal {}", signal);
}

ChildOutcome run_in_child_process(const std::function<void()>& work, std::chrono::milliseconds timeout) {
    int fds[2];
    if (::pipe(fds) != 0)
        return {.kind = ChildOutcome::Kind::not_started,
                .error = fmt::format("pipe() failed: {}", std::strerror(errno))};
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
        int fork_error = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        return {.kind = ChildOutcome::Kind::not_started,
                .error = fmt::format("fork() failed: {}", std::strerror(fork_error))};
    }
    if (pid == 0) {
        ::close(fds[0]);
        try {
            work();
        } catch (...) {
            // Thrown, not crashed: the caller's own run reports it. The child
            // must never unwind into the caller's code.
        }
        // Tells the parent that `work` came back, whatever the exit status.
        (void)!::write(fds[1], came_back.data(), came_back.size());
        ::_exit(0);
    }
    ::close(fds[1]);

    bool timed_out = false;
    std::string reply = read_reply(fds[0], pid, timeout, timed_out);
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }

    if (timed_out)
        return {.kind = ChildOutcome::Kind::timed_out};
    if (WIFSIGNALED(status))
        return {.kind = ChildOutcome::Kind::signalled, .signal = WTERMSIG(status)};
    if (reply != came_back)
        return {.kind = ChildOutcome::Kind::exited, .exit_status = WEXITSTATUS(status)};
    return {};
}

} // namespace fairseq2
