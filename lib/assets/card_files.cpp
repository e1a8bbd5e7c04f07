#include "card_files.hpp"

#include <algorithm>
#include <cerrno>
#include <set>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/loader.hpp"

namespace fairseq2 {
namespace {

bool has_card_suffix(const std::filesystem::path& path) {
    auto ext = path.extension();
    return ext == ".yaml" || ext == ".yml";
}

std::string system_error_text(int error) {
    return std::system_category().message(error);
}

class SourceWalker {
public:
    SourceWalker(std::size_t source_index, bool validated, std::vector<FileTask>& tasks, FileIndex& index,
                 Diagnostics& diagnostics)
        : source_index_(source_index), validated_(validated), tasks_(tasks), index_(index),
          diagnostics_(diagnostics) {}

    // The card files this source leads to, those another source reads too
    // included.
    std::size_t files_found() const noexcept { return files_found_; }

    // `directory` as the user named it (for messages), `absolute` the same
    // directory made absolute (for `__base_path__`, as fairseq2 resolves it).
    void walk(const std::filesystem::path& directory, const std::filesystem::path& absolute,
              const struct stat& info) {
        if (!visited_.insert({info.st_dev, info.st_ino}).second) {
            diagnostics_.push_back(Diagnostic{
                .severity = Severity::warning,
                .code = DiagnosticCode::symlink_loop,
                .message = fmt::format("The directory '{}' leads back to a directory already read (a symlink "
                                       "loop); it is skipped. Remove the link that points up the tree.",
                                       directory.string()),
                .location = {directory.string()}});
            return;
        }

        std::error_code error;
        std::vector<std::filesystem::path> entries;
        for (std::filesystem::directory_iterator it{directory, error}, end; !error && it != end;
             it.increment(error))
            entries.push_back(it->path());
        if (error) {
            diagnostics_.push_back(Diagnostic{
                .severity = Severity::error,
                .code = DiagnosticCode::file_unreadable,
                .message = fmt::format("The directory '{}' cannot be read: {}. Check its permissions.",
                                       directory.string(), error.message()),
                .location = {directory.string()}});
        }
        // By name: the entries of one directory share their parent, where
        // path's own order compares component by component, the slow way to
        // the same order.
        std::sort(entries.begin(), entries.end(),
                  [](const std::filesystem::path& a, const std::filesystem::path& b) {
                      return a.native() < b.native();
                  });

        for (const auto& entry : entries) {
            struct stat link_info {};
            bool listed = ::lstat(entry.c_str(), &link_info) == 0;
            if (listed && S_ISDIR(link_info.st_mode)) {
                walk(entry, absolute / entry.filename(), link_info);
                continue;
            }
            bool is_link = listed && S_ISLNK(link_info.st_mode);
            // What the entry leads to: for one that is no link, what lstat
            // saw (one call a file, not two, on trees of thousands); else
            // stat's answer, or its error.
            struct stat entry_info = link_info;
            if ((is_link || !listed) && ::stat(entry.c_str(), &entry_info) != 0) {
                int stat_error = errno;
                if (has_card_suffix(entry))
                    report_unreadable(entry, stat_error);
                continue;
            }
            if (is_link && S_ISDIR(entry_info.st_mode)) {
                // fairseq2 walks with fsspec, which lists a symlink as a
                // file: it never descends into a linked directory, and fails
                // opening one named like a card file.
                skip_linked_directory(entry);
                continue;
            }
            // A linked file is read, and its relative locations are taken
            // from the link's directory.
            if (has_card_suffix(entry))
                add_file(entry, absolute, entry_info);
        }
    }

    void add_file(const std::filesystem::path& file, const std::filesystem::path& absolute_parent,
                  const struct stat& info) {
        if (!S_ISREG(info.st_mode)) {
            diagnostics_.push_back(Diagnostic{
                .severity = Severity::error,
                .code = DiagnosticCode::file_unreadable,
                .message = fmt::format("'{}' is not a regular file (a FIFO, socket or device named like a "
                                       "card file) and is not read. Rename it or move it out of the card "
                                       "directory.",
                                       file.string()),
                .location = {file.string()}});
            return;
        }
        if (static_cast<std::uintmax_t>(info.st_size) > max_card_file_size) {
            diagnostics_.push_back(Diagnostic{
                .severity = Severity::error,
                .code = DiagnosticCode::file_unreadable,
                .message = fmt::format("'{}' is {} bytes, more than the {} bytes a card file may have; it is "
                                       "not read. Split it into smaller files.",
                                       file.string(), info.st_size, max_card_file_size),
                .location = {file.string()}});
            return;
        }
        ++files_found_;
        std::string key = (absolute_parent / file.filename()).string();
        if (validated_) {
            if (auto found = index_.find(key); found != index_.end()) {
                tasks_[found->second].validated = true;
                return;
            }
        }
        index_.try_emplace(std::move(key), tasks_.size());
        FileTask task;
        task.source_index = source_index_;
        task.display_path = file.string();
        task.base_path = absolute_parent.string();
        task.disk_path = file;
        task.validated = validated_;
        tasks_.push_back(std::move(task));
    }

private:
    void skip_linked_directory(const std::filesystem::path& link) {
        if (has_card_suffix(link)) {
            diagnostics_.push_back(Diagnostic{
                .severity = Severity::error,
                .code = DiagnosticCode::file_unreadable,
                .message = fmt::format("'{}' is a symbolic link to a directory, named like a card file: "
                                       "fairseq2 tries to read it as a file and fails (IsADirectoryError), "
                                       "which stops the whole asset store. Rename or remove the link.",
                                       link.string()),
                .location = {link.string()}});
            return;
        }
        diagnostics_.push_back(Diagnostic{
            .severity = Severity::warning,
            .code = DiagnosticCode::skipped_directory,
            .message =
                fmt::format("'{}' is a symbolic link to a directory, and fairseq2 does not descend into "
                            "linked directories: its cards are not read. Register it as a card "
                            "directory of its own, or copy the cards.",
                            link.string()),
            .location = {link.string()}});
    }

    void report_unreadable(const std::filesystem::path& file, int error) {
        if (error == ENOENT) {
            // fairseq2 skips a card file that vanished or is a dangling link.
            diagnostics_.push_back(Diagnostic{
                .severity = Severity::warning,
                .code = DiagnosticCode::file_unreadable,
                .message = fmt::format("'{}' is a dangling symbolic link and is skipped.", file.string()),
                .location = {file.string()}});
            return;
        }
        diagnostics_.push_back(Diagnostic{
            .severity = Severity::error,
            .code = DiagnosticCode::file_unreadable,
            .message = fmt::format("'{}' cannot be read: {}.{}", file.string(), system_error_text(error),
                                   error == ELOOP ? " It is a symlink loop; remove the link." : ""),
            .location = {file.string()}});
    }

    std::size_t source_index_;
    bool validated_;
    std::vector<FileTask>& tasks_;
    FileIndex& index_;
    Diagnostics& diagnostics_;
    std::set<std::pair<dev_t, ino_t>> visited_;
    std::size_t files_found_ = 0;
};

} // namespace

bool find_card_files(const AssetSource& source, std::size_t source_index, std::vector<FileTask>& tasks,
                     FileIndex& index, Diagnostics& diagnostics) {
    struct stat info {};
    if (::stat(source.path.c_str(), &info) != 0) {
        int error = errno;
        if (!source.is_well_known())
            diagnostics.push_back(Diagnostic{
                .severity = Severity::error,
                .code = DiagnosticCode::source_not_found,
                .message = fmt::format(
                    "The asset card path '{}' registered by '{}' {}.", source.path.string(), source.origin,
                    error == ENOENT ? "does not exist" : "cannot be accessed: " + system_error_text(error)),
                .location = {source.path.string()}});
        return false;
    }
    // fairseq2 reads the resolved path: `__base_path__` lies below the
    // resolved directory.
    bool validated = source.role == AssetSourceRole::validated;
    SourceWalker walker{source_index, validated, tasks, index, diagnostics};
    std::filesystem::path resolved =
        source.is_well_known() ? source.path : resolve_python_path(source.path.string());
    if (S_ISDIR(info.st_mode))
        walker.walk(source.path, resolved, info);
    else
        walker.add_file(source.path, resolved.parent_path(), info);
    if (validated && S_ISDIR(info.st_mode) && walker.files_found() == 0)
        diagnostics.push_back(Diagnostic{
            .severity = Severity::warning,
            .code = DiagnosticCode::no_card_files,
            .message = fmt::format("The directory '{}' holds no card file (*.yaml or *.yml), so nothing "
                                   "in it was validated. Check the path.",
                                   source.path.string()),
            .location = {source.path.string()}});
    return true;
}

bool read_card_text(const std::filesystem::path& path, std::string& text, Diagnostics& diagnostics) {
    // One read into a string of the file's size: the text is read often
    // (every card file of every run) and copied nowhere else.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int error = errno;
        diagnostics.push_back(
            Diagnostic{.severity = Severity::error,
                       .code = DiagnosticCode::file_unreadable,
                       .message = fmt::format("'{}' cannot be opened: {}. Check its permissions.",
                                              path.string(), system_error_text(error)),
                       .location = {path.string()}});
        return false;
    }
    struct stat info {};
    std::size_t size = ::fstat(fd, &info) == 0 && info.st_size > 0 ? static_cast<std::size_t>(info.st_size) : 0;
    // A byte more than the file has, so that the read that finds its end
    // needs no room of its own.
    text.resize(size + 1);
    std::size_t have = 0;
    bool failed = false;
    for (;;) {
        if (have == text.size())
            text.resize(text.size() * 2);
        ssize_t got = ::read(fd, text.data() + have, text.size() - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            failed = true;
        if (got <= 0)
            break;
        have += static_cast<std::size_t>(got);
    }
    ::close(fd);
    text.resize(have);
    if (failed) {
        diagnostics.push_back(
            Diagnostic{.severity = Severity::error,
                       .code = DiagnosticCode::file_unreadable,
                       .message = fmt::format("'{}' cannot be read: an I/O error occurred.", path.string()),
                       .location = {path.string()}});
        return false;
    }
    return true;
}

} // namespace fairseq2
