#include "process.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fairseq2::testing {
namespace {

std::vector<std::string> child_environment(const RunOptions& options) {
    std::map<std::string, std::optional<std::string>> vars;
    for (char** entry = environ; *entry; ++entry) {
        std::string text{*entry};
        auto eq = text.find('=');
        vars[text.substr(0, eq)] = text.substr(eq + 1);
    }
    for (const char* name : {"FAIRSEQ2_ASSET_DIR", "FAIRSEQ2_USER_ASSET_DIR", "NO_COLOR"})
        vars[name] = std::nullopt;
    vars["HOME"] = "/nonexistent/fairseq2-test-home";
    vars["XDG_CONFIG_HOME"] = std::nullopt;
    for (const auto& [name, value] : options.env)
        vars[name] = value;

    std::vector<std::string> out;
    for (const auto& [name, value] : vars)
        if (value)
            out.push_back(name + "=" + *value);
    return out;
}

} // namespace

RunResult run_ctl(const std::vector<std::string>& args, const RunOptions& options) {
    int out_pipe[2], err_pipe[2];
    if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0)
        throw std::runtime_error("pipe failed");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    if (!options.cwd.empty())
        posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

    std::vector<std::string> argv_storage{FAIRSEQ2CTL};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage = child_environment(options);
    std::vector<char*> envp;
    for (auto& var : env_storage)
        envp.push_back(var.data());
    envp.push_back(nullptr);

    pid_t pid = 0;
    int spawned = ::posix_spawn(&pid, FAIRSEQ2CTL, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (spawned != 0)
        throw std::runtime_error(std::string{"posix_spawn failed: "} + std::strerror(spawned));

    RunResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_fds = 2;
    char buffer[65536];
    while (open_fds > 0) {
        if (::poll(fds, 2, -1) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    int wait_status = 0;
    ::waitpid(pid, &wait_status, 0);
    result.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
    return result;
}

} // namespace fairseq2::testing
