// What each fuzz harness does with one input, shared by the libFuzzer
// targets (*_fuzzer.cpp, built with -DFAIRSEQ2_FUZZ=ON) and by the unit test
// that replays the seeds and every input a fuzzer ever crashed on
// (regressions/), so that a crash found once stays fixed in every build.
// Each aborts where an answer is wrong; errors of the input are answers.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "fairseq2/assets/loader.hpp"
#include "fairseq2/assets/store.hpp"
#include "fairseq2/families/builtin_families.hpp"
#include "fairseq2/families/card_details.hpp"
#include "fairseq2/runtime/dependency.hpp"
#include "fairseq2/validation/validate.hpp"
#include "fairseq2/yaml/reader.hpp"

namespace fairseq2::fuzz {

// A container with fairseq2's own families, made once.
inline DependencyContainer& families_runtime() {
    static DependencyContainer* container = [] {
        auto* built = new DependencyContainer;
        register_builtin_families(*built);
        return built;
    }();
    return *container;
}

inline const FamilyRegistry& families() {
    static const FamilyRegistry registry{families_runtime()};
    return registry;
}

inline std::size_t depth_of(const Value& value) {
    std::size_t deepest = 0;
    if (value.is_list())
        for (const Value& item : value.as_list())
            deepest = std::max(deepest, depth_of(item));
    else if (value.is_map())
        for (const Field& field : value.as_map())
            deepest = std::max(deepest, depth_of(field.value));
    else if (value.kind() == Value::Kind::set)
        for (const Value& item : value.as_set().items)
            deepest = std::max(deepest, depth_of(item));
    else
        return 1;
    return deepest + 1;
}

// The YAML reader: documents or diagnostics, every value within the depth
// bound however it was built (aliases included). (Not that a value equals
// itself: `.nan` does not, in Python as here.)
inline void read_yaml_text(std::string_view text) {
    YamlFile file = read_yaml(text, "fuzz.yaml");
    for (const YamlDocument& document : file.documents)
        if (depth_of(document.root) > max_yaml_depth)
            std::abort();
}

inline void inspect(const AssetStore& store, const std::string& request) {
    try {
        ResolvedCard card = store.retrieve_card(request);
        CardDetails details = card_details(store, &families(), card);
        (void)details;
    } catch (const Error&) {
        // An answer: the card cannot be loaded.
    }
}

// A store of the input alone: every card resolved in every environment its
// chain has overlays for, with what fairseq2 builds from it.
inline void resolve_every_card(std::string_view text) {
    LoadedAssets loaded = load_asset_sources({text_asset_source("fuzz.yaml", std::string{text})});
    AssetEnvironment environment;
    environment.name = "cluster";
    AssetStore store{std::move(loaded), environment};
    for (std::string_view name : store.asset_names()) {
        std::string base{name};
        inspect(store, base);
        inspect(store, base + "@");
        std::set<std::string_view> environments;
        if (const AssetCard* card = store.find_plain_card(base))
            store.for_each_overlay_on_chain(
                *card, [&](const AssetCard& overlay) { environments.insert(overlay.environment()); });
        for (std::string_view overlaid : environments)
            inspect(store, base + "@" + std::string{overlaid});
    }
    (void)store.suggest("fuzz");
}

// The input validated as `validate cards -` validates standard input.
inline void validate_text(std::string_view text) {
    LoadedAssets loaded =
        load_asset_sources({text_asset_source("<stdin>", std::string{text}, AssetSourceRole::validated)});
    AssetStore store{std::move(loaded), AssetEnvironment{}};
    ValidationReport report = validate_cards(families_runtime(), store);
    for (const Diagnostic& d : report.diagnostics)
        if (d.location.file != "<stdin>")
            std::abort(); // only the validated text is reported on
}

} // namespace fairseq2::fuzz
