#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;

TEST_CASE("--version prints the version and exits 0") {
    auto r = run_ctl({"--version"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "fairseq2ctl 0.1.0"));
}

TEST_CASE("--help works on every level and exits 0") {
    for (auto args : std::vector<std::vector<std::string>>{
             {"--help"}, {"assets", "--help"}, {"assets", "resolve", "--help"}, {"info", "--help"}}) {
        auto r = run_ctl(args);
        CHECK(r.status == 0);
        CHECK(contains(r.out, "Usage:"));
    }
}

TEST_CASE("usage errors exit 2") {
    for (auto args : std::vector<std::vector<std::string>>{
             {},
             {"bogus"},
             {"--bogus", "info"},
             {"assets"},
             {"assets", "resolve"},
             {"assets", "resolve", "a", "--all"},
             {"assets", "list", "--kind", "car"},
             {"assets", "list", "--format", "xml"},
             {"--color", "sometimes", "info"},
             {"--cards", "/nonexistent/cards", "info"}}) {
        auto r = run_ctl(args);
        CHECK_MESSAGE(r.status == 2, (args.empty() ? std::string{"(none)"} : args[0]));
        CHECK(r.out.empty());
        CHECK_FALSE(r.err.empty());
    }
}

TEST_CASE("global options may follow the subcommand") {
    fairseq2::testing::TempTree tree{{{"c.yaml", "name: late\n"}}};
    auto r = run_ctl({"assets", "list", "--no-default-cards", "--no-extensions", "--cards", tree.root().string()});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "other:late"));
}

TEST_CASE("colour only on request or on a terminal, and never with NO_COLOR in auto mode") {
    auto piped = run_ctl({"assets", "list"});
    CHECK_FALSE(contains(piped.out, "\x1b["));
    auto forced = run_ctl({"--color", "always", "assets", "list"});
    CHECK(contains(forced.out, "\x1b[1;34mpackage:fairseq2.assets.cards\x1b[0m"));
    RunOptions no_color;
    no_color.env["NO_COLOR"] = "1";
    CHECK_FALSE(contains(run_ctl({"--color", "auto", "info"}, no_color).out, "\x1b["));
}

TEST_CASE("-q silences warnings, errors still show") {
    RunOptions options;
    options.env["FAIRSEQ2_ASSET_DIR"] = "/nonexistent/system";
    CHECK(contains(run_ctl({"assets", "list"}, options).err, "warning:"));
    CHECK(run_ctl({"-q", "assets", "list"}, options).err.empty());
    CHECK(contains(run_ctl({"-q", "assets", "show", "nope"}).err, "error:"));
}
