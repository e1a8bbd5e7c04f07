#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;

TEST_CASE("info shows the version, card sources in order, environment and variables") {
    TempTree cards{{{"c.yaml", "name: a\n---\nname: b\n"}}};
    RunOptions options;
    options.env["FAIRSEQ2_USER_ASSET_DIR"] = "/nonexistent/user";
    options.env["XDG_CONFIG_HOME"] = "/nonexistent/xdg";
    auto r = run_ctl({"--no-extensions", "--cards", cards.root().string(), "info"}, options);
    CHECK(r.status == 0);
    CHECK(contains(r.out, "fairseq2ctl 0.1.0"));
    auto builtin = r.out.find("package:fairseq2.assets.cards ");
    CHECK(builtin < r.out.find("built-in"));
    auto system = r.out.find("/etc/fairseq2/assets");
    // The variable names a missing directory: fairseq2 falls back to the
    // default, and warns.
    auto user = r.out.find("/nonexistent/xdg/fairseq2/assets");
    CHECK(contains(r.err, "/nonexistent/user pointed to by the `FAIRSEQ2_USER_ASSET_DIR` environment "
                          "variable is not found."));
    auto command_line = r.out.find(cards.root().string());
    CHECK(builtin < system);
    CHECK(system < user);
    CHECK(user < command_line);
    CHECK(command_line != std::string::npos);
    CHECK(contains(r.out, "2 cards in 1 file"));
    CHECK(contains(r.out, "overlays tried  user\n"));
    auto variable = r.out.find("\n  FAIRSEQ2_USER_ASSET_DIR ");
    REQUIRE(variable != std::string::npos);
    CHECK(r.out.substr(variable, r.out.find('\n', variable + 1) - variable).find("/nonexistent/user") !=
          std::string::npos);
}

TEST_CASE("info --format json") {
    auto r = run_ctl({"--env", "mycluster", "info", "--format", "json"});
    REQUIRE(r.status == 0);
    auto json = r.json();
    CHECK(json["version"] == "0.1.0");
    CHECK(json["sources"][0]["name"] == "package:fairseq2.assets.cards");
    CHECK(json["sources"][0]["origin"] == "fairseq2");
    CHECK(json["sources"][1]["path"] == "/etc/fairseq2/assets");
    CHECK(json["cache_directories"]["fairseq2"]["path"].is_string());
    CHECK(json["cache_directories"]["huggingface"]["path"].is_string());
    CHECK(json["environment"]["name"] == "mycluster");
    CHECK(json["environment"]["detected_by"] == "--env");
    CHECK(json["environment"]["lookup"] == nlohmann::ordered_json{"user", "mycluster"});
    CHECK(json["variables"].contains("FAIRSEQ2_ASSET_DIR"));
}

TEST_CASE("info shows fairseq2's cache directory and the Hugging Face Hub cache") {
    RunOptions options;
    options.env["FAIRSEQ2_CACHE_DIR"] = "/big/disk/cache";
    options.env["HF_HOME"] = "/hf";
    auto r = run_ctl({"--no-extensions", "info", "--format", "json"}, options);
    REQUIRE(r.status == 0);
    auto json = r.json();
    CHECK(json["cache_directories"]["fairseq2"]["path"] == "/big/disk/cache");
    CHECK(json["cache_directories"]["fairseq2"]["from"] == "FAIRSEQ2_CACHE_DIR");
    CHECK(json["cache_directories"]["huggingface"]["path"] == "/hf/hub");
    CHECK(json["cache_directories"]["huggingface"]["from"] == "HF_HOME");
    auto text = run_ctl({"--no-extensions", "info"}, options);
    CHECK(contains(text.out, "/big/disk/cache"));
    CHECK(contains(text.out, "/hf/hub"));
}
