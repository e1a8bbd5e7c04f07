// The command line a user meets: environments, names, help, unknown words,
// choices, and JSON that never hides a failure.
#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;

TEST_CASE("info lists the environments that have overlays, with their counts") {
    TempTree tree{{{"c.yaml", "name: a\n---\nname: a@rsc\n---\nname: b\n---\nname: b@rsc\n---\nname: a@user\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "info"});
    CHECK(contains(r.out, "with overlays   rsc (2 overlays), user (1 overlay)\n"));
    auto json = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "info", "--format",
                         "json"})
                    .json();
    CHECK(json["environment"]["with_overlays"]["rsc"] == 2);
}

TEST_CASE("an environment no card has overlays for is a warning with a did-you-mean") {
    TempTree tree{{{"c.yaml", "name: a\n---\nname: a@rsc\n"}}};
    std::vector<std::string> base{"--no-default-cards", "--no-extensions", "--cards", tree.root().string()};
    auto named = base;
    named.insert(named.end(), {"assets", "resolve", "a@rcs"});
    auto r = run_ctl(named);
    CHECK(r.status == 0);
    CHECK(contains(r.err, "warning: No card has an overlay for the environment 'rcs', so it changes nothing (the "
                          "environments with overlays are rsc). [unknown-environment]\n  hint: Did you mean 'rsc'?"));
    auto flag = base;
    flag.insert(flag.end(), {"--env", "rcs", "assets", "resolve", "a"});
    CHECK(contains(run_ctl(flag).err, "[unknown-environment]"));
    auto fine = base;
    fine.insert(fine.end(), {"--env", "rsc", "assets", "resolve", "a"});
    CHECK_FALSE(contains(run_ctl(fine).err, "warning"));
}

TEST_CASE("--env x@y is a usage error, and --env user tries user once") {
    auto r = run_ctl({"--env", "x@y", "info"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "--env takes an environment name, but 'x@y' holds `@`"));
    auto json = run_ctl({"--no-extensions", "--env", "user", "assets", "resolve", "llama3_8b", "--format", "json"}).json();
    CHECK(json["environments"] == nlohmann::ordered_json{"user"});
}

TEST_CASE("@rsc and a@b@c are invalid names, a usage error; a name in the wrong case is suggested") {
    for (const char* name : {"@rsc", "a@b@c"}) {
        auto r = run_ctl({"--no-extensions", "assets", "resolve", name});
        CHECK(r.status == 2);
        CHECK(contains(r.err, "[invalid-name]"));
    }
    auto r = run_ctl({"--no-extensions", "assets", "resolve", "LLAMA3_8B"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "hint: Did you mean 'llama3_8b'?"));
}

TEST_CASE("an unknown command or option is named, with a did-you-mean") {
    auto command = run_ctl({"asets", "list"});
    CHECK(command.status == 2);
    CHECK(contains(command.err, "error: unknown command 'asets' for `fairseq2ctl`. Did you mean 'assets'? The commands are "));
    auto sub = run_ctl({"assets", "lst"});
    CHECK(contains(sub.err, "unknown command 'lst' for `fairseq2ctl assets`. Did you mean 'list'?"));
    auto option = run_ctl({"assets", "resolve", "x", "--formt", "json"});
    CHECK(option.status == 2);
    CHECK(contains(option.err, "unknown option --formt for `fairseq2ctl assets resolve`. Did you mean '--format'?"));
}

TEST_CASE("a bad value lists the choices; help shows text|json, not the parser's internals") {
    auto r = run_ctl({"assets", "list", "--format", "xml"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "--format: xml not in {text,json}"));
    auto help = run_ctl({"assets", "resolve", "--help"});
    CHECK(help.status == 0);
    CHECK(contains(help.out, "--format text|json"));
    CHECK_FALSE(contains(help.out, "ENUM"));
    CHECK_FALSE(contains(help.out, "->"));
}

TEST_CASE("fairseq2ctl help [COMMAND] prints the help") {
    auto top = run_ctl({"help"});
    CHECK(top.status == 0);
    CHECK(contains(top.out, "Usage: fairseq2ctl [OPTIONS] SUBCOMMAND"));
    auto resolve = run_ctl({"help", "assets", "resolve"});
    CHECK(resolve.status == 0);
    CHECK(contains(resolve.out, "Usage: fairseq2ctl assets resolve [OPTIONS] [name]"));
    auto missing = run_ctl({"help", "nope"});
    CHECK(missing.status == 2);
}

TEST_CASE("every command takes --format text|json, extensions check too") {
    for (std::vector<std::string> command : {std::vector<std::string>{"extensions", "list"},
                                             {"extensions", "check"},
                                             {"families", "list"},
                                             {"families", "show", "llama"},
                                             {"assets", "list"},
                                             {"assets", "show", "llama3_8b"},
                                             {"assets", "resolve", "llama3_8b"},
                                             {"info"}}) {
        command.insert(command.end(), {"--format", "json"});
        auto r = run_ctl(command);
        CHECK_MESSAGE(r.status == 0, std::string{command[0] + " " + command[1]});
        CHECK_NOTHROW(r.json());
    }
}

TEST_CASE("JSON never hides a failure: a config that cannot be built is its error") {
    TempTree tree{{{"c.yaml", "name: a\nmodel_family: llama\nmodel_config: {num_layerz: 1}\n"
                              "tokenizer_family: llama\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "resolve",
                      "a", "--config", "--format", "json"});
    CHECK(r.status == 1);
    auto asset = r.json()["assets"]["a"];
    CHECK(asset["config"]["error"]["code"] == "unknown-config-field");
    CHECK(asset["config"].size() == 1);
    CHECK(asset["tokenizer_config"]["impl"] == "sp");
}

TEST_CASE("chain lists each link's overlay before its card") {
    TempTree tree{{{"c.yaml", "name: root\n---\nname: root@user\nx: 1\n---\nname: leaf\nbase: root\n"}}};
    auto json = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "resolve",
                         "leaf", "--format", "json"})
                    .json();
    CHECK(json["assets"]["leaf"]["chain"] == nlohmann::ordered_json{"leaf", "root@user", "root"});
}

TEST_CASE("control characters in names and values are escaped in text output") {
    TempTree tree{{{"c.yaml", "name: \"a\\e[31mred\"\nnote: \"x\\e[2Jy\"\nbase: \"gone\\e[0m\"\n"}}};
    auto resolve = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets",
                            "show", "a\x1b[31mred"});
    CHECK_FALSE(contains(resolve.out + resolve.err, "\x1b"));
    CHECK(contains(resolve.out + resolve.err, "a\\x1b[31mred"));
    auto validate = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string()});
    CHECK(validate.status == 1);
    CHECK_FALSE(contains(validate.out, "\x1b"));
    CHECK(contains(validate.out, "gone\\x1b[0m"));
}
