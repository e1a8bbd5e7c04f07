#include <doctest/doctest.h>

#include <sys/stat.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;
using Json = nlohmann::ordered_json;

namespace {

const std::string test_extensions = TEST_EXTENSIONS_DIR;

const std::string warning_tail =
    " extension failed. Set `FAIRSEQ2_EXTENSION_TRACE` environment variable to print the stack trace.";

// `extensions list --format json` with the given --extension-dirs.
Json list_json(const std::vector<std::string>& dirs, const RunOptions& options = {}) {
    std::vector<std::string> args;
    for (const auto& dir : dirs)
        args.insert(args.end(), {"--extension-dir", test_extensions + "/" + dir});
    args.insert(args.end(), {"extensions", "list", "--format", "json"});
    auto r = run_ctl(args, options);
    REQUIRE(r.status == 0);
    return r.json();
}

Json find(const Json& json, const std::string& name) {
    for (const auto& extension : json["extensions"])
        if (extension["name"] == name)
            return extension;
    FAIL("no extension named " << name);
    return {};
}

} // namespace

TEST_CASE("the shipped extensions load by default, with what they registered") {
    auto json = list_json({});
    auto mycluster = find(json, "mycluster");
    CHECK(mycluster["status"] == "loaded");
    CHECK(mycluster["error"].is_null());
    CHECK(mycluster["entry_point"] == "libfairseq2_mycluster.so:setup_mycluster");
    CHECK(mycluster["registered"]["environment_resolvers"] == 1);
    CHECK(mycluster["registered"]["card_sources"][0] ==
          std::string{SYSTEM_EXTENSIONS_DIR} + "/mycluster-cards");
    auto example = find(json, "example");
    CHECK(example["status"] == "loaded");
    CHECK(example["registered"]["card_sources"].size() == 2);
    CHECK(example["registered"]["registrations"][0]["type"] == "example::ExampleSettings");
    CHECK(json["directories"].back()["from"] == "system");
}

TEST_CASE("mycluster picks its overlays on the cluster, and NAME@mycluster anywhere") {
    RunOptions on_cluster;
    on_cluster.env["SLURM_CLUSTER_NAME"] = "mycluster";
    auto r = run_ctl({"assets", "resolve", "llama3_8b", "--format", "json"}, on_cluster);
    REQUIRE(r.status == 0);
    auto json = r.json();
    CHECK(json["environments"] == Json{"user", "mycluster"});
    CHECK(json["assets"]["llama3_8b"]["overlay"] == "llama3_8b@mycluster");
    CHECK(json["assets"]["llama3_8b"]["fields"]["checkpoint"] ==
          "/checkpoint/fairseq2/llama3_8b/consolidated.00.pth");

    auto anywhere = run_ctl({"assets", "resolve", "llama3_8b@mycluster", "--format", "json"});
    CHECK(anywhere.json()["assets"]["llama3_8b"]["overlay"] == "llama3_8b@mycluster");
    auto elsewhere = run_ctl({"assets", "resolve", "llama3_8b", "--format", "json"});
    CHECK(elsewhere.json()["assets"]["llama3_8b"]["overlay"].is_null());

    auto info = run_ctl({"info", "--format", "json"}, on_cluster);
    CHECK(info.json()["environment"]["name"] == "mycluster");
    CHECK(info.json()["environment"]["detected_by"] == "mycluster");
}

TEST_CASE("each failure is one warning, and the command goes on") {
    auto r = run_ctl({"--extension-dir", test_extensions + "/throws", "extensions", "list"});
    CHECK(r.status == 0);
    CHECK(contains(r.err, "warning: libthrows.so:setup_throws" + warning_tail + "\n"));
    CHECK(contains(r.out, "throws  failed"));
    CHECK(contains(r.out, "mycluster  loaded"));
}

TEST_CASE("every failure code is reported with its message") {
    struct Case {
        std::string dir, name, code, message;
    };
    for (const Case& c : std::vector<Case>{
             {"library_not_found", "missing", "library-not-found", "libnot_built.so' of the 'missing' extension does not exist"},
             {"library_load_failed", "garbage", "library-load-failed", "cannot be loaded: "},
             {"other_symbol", "other_symbol", "symbol-not-found", "It exports: setup_also_present, setup_present."},
             {"abi_mismatch", "abi_mismatch", "abi-mismatch", "extension: runtime ABI 999"},
             {"throws", "throws", "setup-failed", "threw std::runtime_error: cannot reach the model registry\n  caused by std::invalid_argument: port 99999 is out of range"},
             {"manifest_invalid", "a_not_yaml", "manifest-invalid", "is not valid YAML"},
             {"manifest_invalid", "b_wrong_group", "manifest-invalid", "has no `fairseq2.extension` mapping"},
             {"manifest_invalid", "no_function", "manifest-invalid", "is expected to be `LIBRARY:FUNCTION`, but is 'libgood.so'"},
         }) {
        CAPTURE(c.name);
        auto extension = find(list_json({c.dir}), c.name);
        CHECK(extension["status"] == "failed");
        CHECK(extension["error"]["code"] == c.code);
        CHECK(contains(extension["error"]["message"].get<std::string>(), c.message));
    }
}

TEST_CASE("a failed extension leaves nothing behind") {
    auto json = list_json({"throws"});
    auto throws = find(json, "throws");
    CHECK(throws["registered"]["card_sources"].empty());
    CHECK(throws["registered"]["environment_resolvers"] == 0);
    CHECK(throws["registered"]["registrations"].empty());

    auto args = std::vector<std::string>{"--extension-dir", test_extensions + "/throws"};
    auto assets = args;
    assets.insert(assets.end(), {"assets", "list"});
    CHECK_FALSE(contains(run_ctl(assets).out, "leftover_card"));
    auto info = args;
    info.insert(info.end(), {"info", "--format", "json"});
    CHECK(run_ctl(info).json()["environment"]["name"].is_null());
}

TEST_CASE("a clash names both registrants; the first keeps its registration") {
    auto json = list_json({"clash"});
    CHECK(find(json, "clash_a")["status"] == "loaded");
    auto b = find(json, "clash_b");
    CHECK(b["status"] == "failed");
    CHECK(b["error"]["code"] == "registration-conflict");
    CHECK(contains(b["error"]["message"].get<std::string>(),
                   "clash::Service (key 'service') is registered by both 'clash_a' and 'clash_b'"));
    CHECK(b["registered"]["registrations"].empty());
}

TEST_CASE("a later extension with the name of an earlier one is shadowed") {
    auto json = list_json({"good", "shadow"});
    std::vector<std::string> statuses;
    for (const auto& extension : json["extensions"])
        if (extension["name"] == "good")
            statuses.push_back(extension["status"]);
    CHECK(statuses == std::vector<std::string>{"loaded", "shadowed"});
}

TEST_CASE("FAIRSEQ2_EXTENSION_PATH is searched after --extension-dir") {
    RunOptions options;
    options.env["FAIRSEQ2_EXTENSION_PATH"] = test_extensions + "/shadow:" + test_extensions + "/clash";
    auto json = list_json({"good"}, options);
    std::vector<std::string> order;
    for (const auto& extension : json["extensions"])
        order.push_back(extension["name"].get<std::string>() + ":" + extension["status"].get<std::string>());
    REQUIRE(order.size() >= 4);
    CHECK(order[0] == "good:loaded");
    CHECK(order[1] == "good:shadowed");
    CHECK(order[2] == "clash_a:loaded");
    CHECK(json["directories"][1]["from"] == "FAIRSEQ2_EXTENSION_PATH");
}

TEST_CASE("extensions check exits 1 if any failed, 0 when all loaded") {
    auto good = run_ctl({"--extension-dir", test_extensions + "/good", "extensions", "check"});
    CHECK(good.status == 0);
    CHECK(contains(good.out, "loaded good"));
    auto bad = run_ctl({"--extension-dir", test_extensions + "/throws", "extensions", "check"});
    CHECK(bad.status == 1);
    CHECK(contains(bad.out, "FAIL throws: "));
    CHECK(contains(bad.out, "failed"));
}

TEST_CASE("with --isolate, an extension that aborts or exits is reported crashed, the rest checked") {
    auto r = run_ctl({"--extension-dir", test_extensions + "/aborts", "--extension-dir",
                      test_extensions + "/exits", "--extension-dir", test_extensions + "/good",
                      "extensions", "check", "--isolate"});
    CHECK(r.status == 1);
    CHECK(contains(r.out, "FAIL aborts: The 'aborts' extension was killed by SIGABRT during setup"));
    CHECK(contains(r.out, "FAIL exits: The 'exits' extension exited with status 3 during setup"));
    CHECK(contains(r.out, "[crashed]"));
    CHECK(contains(r.out, "loaded good"));
    CHECK(contains(r.out, "loaded mycluster"));
}

TEST_CASE("manifests and libraries writable by others are refused unless allowed") {
    TempTree tree;
    for (const char* file : {"good.yaml", "libgood.so"})
        std::filesystem::copy_file(test_extensions + "/good/" + file, tree / file);
    ::chmod((tree / "good.yaml").c_str(), 0664);

    auto args = std::vector<std::string>{"--extension-dir", tree.root().string(), "extensions", "list",
                                         "--format", "json"};
    auto refused = find(run_ctl(args).json(), "good");
    CHECK(refused["status"] == "failed");
    CHECK(refused["error"]["code"] == "insecure-permissions");
    CHECK(contains(refused["error"]["message"].get<std::string>(), "writable by its group (mode 0664)"));

    ::chmod((tree / "good.yaml").c_str(), 0644);
    ::chmod((tree / "libgood.so").c_str(), 0757);
    auto library = find(run_ctl(args).json(), "good");
    CHECK(library["error"]["code"] == "insecure-permissions");
    CHECK(contains(library["error"]["message"].get<std::string>(), "The library"));

    RunOptions allowed;
    allowed.env["FAIRSEQ2_ALLOW_INSECURE_EXTENSIONS"] = "1";
    CHECK(find(run_ctl(args, allowed).json(), "good")["status"] == "loaded");
}

TEST_CASE("with FAIRSEQ2_EXTENSION_TRACE the first failure stops the boot with the whole story") {
    RunOptions trace;
    trace.env["FAIRSEQ2_EXTENSION_TRACE"] = "1";
    auto r = run_ctl({"--extension-dir", test_extensions + "/throws", "assets", "list"}, trace);
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "The 'throws' extension failed [setup-failed]."));
    CHECK(contains(r.err, "  library:     " + test_extensions + "/throws/libthrows.so"));
    CHECK(contains(r.err, "  symbol:      fairseq2_extension_setup_throws"));
    CHECK(contains(r.err, "caused by std::invalid_argument: port 99999 is out of range"));
    CHECK_FALSE(contains(r.err, warning_tail));
}

TEST_CASE("with FAIRSEQ2_EXTENSION_TRACE each success is logged at info level") {
    RunOptions trace;
    trace.env["FAIRSEQ2_EXTENSION_TRACE"] = "1";
    auto r = run_ctl({"-v", "--extension-dir", test_extensions + "/good", "extensions", "list"}, trace);
    CHECK(r.status == 0);
    CHECK(contains(r.err, "info: libgood.so:setup_good extension registered successfully."));
}

TEST_CASE("FAIRSEQ2_EXTENSION_TRACE set to the empty string is on, as fairseq2 tests `in os.environ`") {
    RunOptions trace;
    trace.env["FAIRSEQ2_EXTENSION_TRACE"] = "";
    auto r = run_ctl({"--extension-dir", test_extensions + "/throws", "assets", "list"}, trace);
    CHECK(r.status == 1);
    CHECK(contains(r.err, "The 'throws' extension failed [setup-failed]."));
    CHECK_FALSE(contains(r.err, warning_tail));
}

TEST_CASE("--no-extensions loads none") {
    auto r = run_ctl({"--no-extensions", "extensions", "list", "--format", "json"});
    CHECK(r.status == 0);
    CHECK(r.json()["extensions"].empty());
    auto assets = run_ctl({"--no-extensions", "assets", "list"});
    CHECK_FALSE(contains(assets.out, "mycluster"));
}

TEST_CASE("info shows the extension directories in effect") {
    RunOptions options;
    options.env["FAIRSEQ2_EXTENSION_PATH"] = "/opt/ext";
    options.env["XDG_DATA_HOME"] = "/xdg-data";
    auto r = run_ctl({"--extension-dir", "/first", "info"}, options);
    CHECK(r.status == 0);
    auto first = r.out.find("/first");
    auto path = r.out.find("/opt/ext");
    auto user = r.out.find("/xdg-data/fairseq2/extensions");
    auto system = r.out.find(std::string{SYSTEM_EXTENSIONS_DIR} + "  system");
    CHECK(first < path);
    CHECK(path < user);
    CHECK(user < system);
    CHECK(system != std::string::npos);
}
