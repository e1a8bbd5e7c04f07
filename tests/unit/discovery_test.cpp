#include <cstdlib>

#include <doctest/doctest.h>

#include "fairseq2/extensions/discovery.hpp"
#include "temp_tree.hpp"

using namespace fairseq2;
using namespace fairseq2::testing;

TEST_CASE("a manifest maps entry-point names to LIBRARY:FUNCTION, read in sorted order") {
    TempTree tree{{{"b.yaml", "fairseq2.extension:\n  zeta: libz.so:setup_z\n  alpha: /opt/liba.so:setup_a\n"},
                   {"a.yaml", "fairseq2.extension:\n  mid: sub/libm.so:setup_m\n"},
                   {"notes.txt", "not a manifest"}}};
    auto records = read_extension_directory(tree.root());
    REQUIRE(records.size() == 3);
    CHECK(records[0].name == "mid");
    CHECK(records[0].library == tree / "sub/libm.so");
    CHECK(records[0].function == "setup_m");
    CHECK(records[0].manifest == tree / "a.yaml");
    CHECK(records[0].manifest_line == 2);
    CHECK(records[1].name == "alpha");
    CHECK(records[1].library == "/opt/liba.so");
    CHECK(records[1].entry_point == "/opt/liba.so:setup_a");
    CHECK(records[2].name == "zeta");
    for (const auto& record : records)
        CHECK(record.status == ExtensionStatus::pending);
}

TEST_CASE("a bad manifest or entry is manifest-invalid, with its line") {
    TempTree tree{{{"a.yaml", "- not a mapping\n"},
                   {"b.yaml", "fairseq2.extension:\n  ok: libok.so:setup_ok\n  bad: 42\n  also_bad: ':f'\n"}}};
    auto records = read_extension_directory(tree.root());
    REQUIRE(records.size() == 4);
    CHECK(records[0].name == "a");
    CHECK(records[0].error->code == DiagnosticCode::manifest_invalid);
    CHECK(records[1].name == "also_bad");
    CHECK(records[1].error->code == DiagnosticCode::manifest_invalid);
    CHECK(records[2].name == "bad");
    CHECK(records[2].error->message.find("of type `int`") != std::string::npos);
    CHECK(records[2].error->location.line == 3);
    CHECK(records[3].status == ExtensionStatus::pending);
}

TEST_CASE("the search order is --extension-dir, FAIRSEQ2_EXTENSION_PATH, user, system") {
    ::setenv("FAIRSEQ2_EXTENSION_PATH", "/p1::/p2", 1);
    ::setenv("XDG_DATA_HOME", "/data", 1);
    auto dirs = extension_search_path({"/given1", "/given2"});
    REQUIRE(dirs.size() == 6);
    CHECK(dirs[0].path == "/given1");
    CHECK(dirs[1].path == "/given2");
    CHECK(dirs[2].path == "/p1");
    CHECK(dirs[3].path == "/p2");
    CHECK(dirs[3].role == ExtensionDirectoryRole::variable);
    CHECK(dirs[4].path == "/data/fairseq2/extensions");
    CHECK(dirs[4].role == ExtensionDirectoryRole::user);
    CHECK(dirs[5].role == ExtensionDirectoryRole::system);
    CHECK(dirs[5].path == system_extension_directory());

    ::unsetenv("FAIRSEQ2_EXTENSION_PATH");
    ::unsetenv("XDG_DATA_HOME");
    ::setenv("HOME", "/home/u", 1);
    dirs = extension_search_path({});
    CHECK(dirs[0].path == "/home/u/.local/share/fairseq2/extensions");
}

TEST_CASE("the system directory is lib/fairseq2/extensions beside the program's bin") {
    // The test program is <build>/tests/unit_tests.
    CHECK(system_extension_directory().filename() == "extensions");
    CHECK(system_extension_directory().parent_path().parent_path().filename() == "lib");
}

TEST_CASE("a later entry with a name already seen is shadowed") {
    TempTree first{{{"m.yaml", "fairseq2.extension:\n  dup: liba.so:f\n"}}};
    TempTree second{{{"m.yaml", "fairseq2.extension:\n  dup: libb.so:f\n  other: libo.so:g\n"}}};
    auto records = discover_extensions({{first.root()}, {second.root()}});
    REQUIRE(records.size() == 3);
    CHECK(records[0].status == ExtensionStatus::pending);
    CHECK(records[1].status == ExtensionStatus::shadowed);
    CHECK(records[1].error->message.find((first / "m.yaml").string()) != std::string::npos);
    CHECK(records[2].status == ExtensionStatus::pending);
}

TEST_CASE("a directory that does not exist has no extensions") {
    CHECK(read_extension_directory("/nonexistent/fairseq2-extensions").empty());
}
