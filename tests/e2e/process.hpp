// Runs the built fairseq2ctl and captures what it prints and how it exits.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fairseq2::testing {

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;

    nlohmann::ordered_json json() const { return nlohmann::ordered_json::parse(out); }
};

struct RunOptions {
    // Variables to set (a value) or unset (nullopt) on top of a clean
    // environment: HOME and XDG_CONFIG_HOME point at an empty directory, so
    // the developer's own cards never leak into a test.
    std::map<std::string, std::optional<std::string>> env;
    std::string cwd;
};

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

RunResult run_ctl(const std::vector<std::string>& args, const RunOptions& options = {});

} // namespace fairseq2::testing
