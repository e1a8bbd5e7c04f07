// A temporary directory of test files, removed when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace fairseq2::testing {

class TempTree {
public:
    TempTree() {
        std::string pattern = (std::filesystem::temp_directory_path() / "fairseq2-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        root_ = pattern;
    }

    explicit TempTree(const std::vector<std::pair<std::string, std::string>>& files) : TempTree() {
        for (const auto& [path, text] : files)
            write(path, text);
    }

    ~TempTree() {
        std::error_code ignored;
        // Undo permission tests so that the tree can be removed.
        for (auto it = std::filesystem::recursive_directory_iterator(root_, ignored);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ignored))
            std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                         std::filesystem::perm_options::add, ignored);
        std::filesystem::remove_all(root_, ignored);
    }

    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    const std::filesystem::path& root() const noexcept { return root_; }
    std::filesystem::path operator/(std::string_view relative) const { return root_ / relative; }

    std::filesystem::path write(std::string_view relative, std::string_view text) const {
        auto path = root_ / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream{path, std::ios::binary} << text;
        return path;
    }

private:
    std::filesystem::path root_;
};

} // namespace fairseq2::testing
