// Every input the fuzzers keep (the seeds, the committed corpus, and each
// input that once crashed a harness, in tests/fuzz/regressions) replayed
// through the three harnesses in the ordinary builds, GCC's and the
// sanitizers' included.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "harnesses.hpp"

namespace {

std::vector<std::filesystem::path> kept_inputs() {
    std::vector<std::filesystem::path> inputs;
    for (const char* folder : {"seeds", "regressions", "corpus"})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path{FUZZ_DIR} / folder))
            if (entry.is_regular_file())
                inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

} // namespace

TEST_CASE("every kept fuzz input is read, resolved and validated without a crash") {
    auto inputs = kept_inputs();
    CHECK(inputs.size() > 10);
    for (const auto& path : inputs) {
        CAPTURE(path.string());
        std::ifstream in{path, std::ios::binary};
        std::stringstream text;
        text << in.rdbuf();
        std::string input = text.str();
        fairseq2::fuzz::read_yaml_text(input);
        fairseq2::fuzz::resolve_every_card(input);
        fairseq2::fuzz::validate_text(input);
    }
}
