#include "fairseq2/assets/store.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include <fmt/format.h>

#include "fairseq2/assets/name.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/support/did_you_mean.hpp"

namespace fairseq2 {
namespace {

// The merged metadata of one level lists the card's keys, then the keys only
// its overlay has, exactly as Python's dict.update() orders them.
template <typename Visit>
void for_each_level_field(const ResolvedLevel& level, Visit&& visit) {
    const Value* overlay = level.overlay ? &level.overlay->metadata : nullptr;
    for (const Field& field : level.card->metadata.as_map()) {
        if (overlay)
            if (const Value* replaced = overlay->find(field.key)) {
                visit(field.key, *replaced, *level.overlay);
                continue;
            }
        visit(field.key, field.value, *level.card);
    }
    if (overlay)
        for (const Field& field : overlay->as_map())
            if (!level.card->metadata.find(field.key))
                visit(field.key, field.value, *level.overlay);
}

// The card whose `base` a level follows: its overlay when the overlay sets
// one (the overlay's fields win), else the card itself.
const AssetCard& base_holder(const ResolvedLevel& level) {
    if (level.overlay && level.overlay->metadata.find("base"))
        return *level.overlay;
    return *level.card;
}

std::string describe_level(const ResolvedLevel& level) {
    std::string text{level.card->base_name()};
    if (level.overlay)
        text += fmt::format(" (overlay {})", level.overlay->name);
    return text;
}

} // namespace

Diagnostic field_type_problem(const EffectiveField& field, std::string_view expected_type) {
    return {.code = DiagnosticCode::field_type,
            .message = fmt::format("The {} field of the '{}' asset card is expected to be of type `{}`, but "
                                   "is of type `{}` instead.",
                                   *field.key, field.card->display_name(), expected_type,
                                   field.value->type_name()),
            .location = field.location,
            .asset = field.card->display_name()};
}

ResolvedCard::ResolvedCard(std::string name, std::vector<std::string> environments,
                           std::vector<ResolvedLevel> chain)
    : name_(std::move(name)), environments_(std::move(environments)), chain_(std::move(chain)) {
    std::unordered_set<std::string_view> seen;
    for (const ResolvedLevel& level : chain_)
        for_each_level_field(level, [&](const std::string& key, const Value& value,
                                        const AssetCard& card) {
            if (seen.insert(key).second)
                fields_.push_back({&key, &value, &card, card.field_location(key)});
        });
}

const std::string& ResolvedCard::base_path() const noexcept {
    // The overlay's metadata is merged over the card's (dict.update), so its
    // `__base_path__` wins when it has one.
    const ResolvedLevel& leaf = chain_.front();
    if (leaf.overlay && leaf.overlay->metadata.find("__base_path__"))
        return leaf.overlay->base_path;
    return leaf.card->base_path;
}

const EffectiveField* ResolvedCard::field(std::string_view key) const {
    for (const EffectiveField& field : fields_)
        if (*field.key == key)
            return &field;
    return nullptr;
}

AssetStore::AssetStore(LoadedAssets assets, AssetEnvironment environment)
    : sources_(std::move(assets.sources)),
      files_(std::move(assets.files)),
      validated_files_(std::move(assets.validated_files)),
      unloaded_cards_(std::move(assets.unloaded_cards)),
      diagnostics_(std::move(assets.diagnostics)),
      environment_(std::move(environment)) {
    std::size_t count = 0;
    for (const LoadedSource& source : sources_)
        count += source.cards.size();
    cards_.reserve(count);
    // The loader already dropped duplicate names, so every name is unique here.
    for (const LoadedSource& source : sources_)
        for (const AssetCard& card : source.cards)
            cards_.emplace(card.name, &card);
}

const AssetCard* AssetStore::find_card(std::string_view canonical_name) const {
    auto found = cards_.find(canonical_name);
    return found == cards_.end() ? nullptr : found->second;
}

std::vector<std::string_view> AssetStore::asset_names() const {
    std::vector<std::string_view> names;
    for (const LoadedSource& source : sources_)
        for (const AssetCard& card : source.cards)
            if (!card.is_overlay())
                names.push_back(card.base_name());
    return names;
}

std::optional<std::string> AssetStore::suggest(std::string_view name) const {
    auto lower = [](std::string_view text) {
        std::string out{text};
        std::transform(out.begin(), out.end(), out.begin(),
                       [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
        return out;
    };
    std::vector<std::string_view> names = asset_names();
    std::string wanted = lower(name);
    for (std::string_view candidate : names)
        if (lower(candidate) == wanted)
            return std::string{candidate};
    return closest_match(name, names);
}

std::map<std::string, std::size_t> AssetStore::overlay_environments() const {
    std::map<std::string, std::size_t> environments;
    for (const LoadedSource& source : sources_)
        for (const AssetCard& card : source.cards)
            if (card.is_overlay())
                ++environments[std::string{card.environment()}];
    return environments;
}

std::optional<Diagnostic> AssetStore::check_environment(std::string_view environment) const {
    auto environments = overlay_environments();
    if (environment.empty() || environment == "user" || environments.count(std::string{environment}))
        return std::nullopt;
    std::vector<std::string_view> known;
    for (const auto& [name, count] : environments)
        known.push_back(name);
    return Diagnostic{
        .severity = Severity::warning,
        .code = DiagnosticCode::unknown_environment,
        .message = fmt::format("No card has an overlay for the environment '{}', so it changes nothing{}.",
                               environment,
                               known.empty() ? std::string{}
                                             : fmt::format(" (the environments with overlays are {})",
                                                           fmt::join(known, ", "))),
        .hint = fairseq2::did_you_mean(closest_match(environment, known))};
}

void check_asset_request(std::string_view name) {
    auto at = name.find('@');
    bool empty = trim(name.substr(0, at)).empty();
    bool second = at != std::string_view::npos && name.find('@', at + 1) != std::string_view::npos;
    if (!empty && !second)
        return;
    throw Error{{.code = DiagnosticCode::invalid_name,
                 .message = fmt::format("'{}' is not an asset name: {}. Write NAME, NAME@ENV (that "
                                        "environment only) or NAME@ (no environment).",
                                        name,
                                        empty ? "the card name before `@` is empty" : "it has more than one `@`"),
                 .asset = std::string{name}}};
}

AssetRequest AssetStore::parse_request(std::string_view requested) const {
    AssetRequest request;
    auto at = requested.find('@');
    request.name = trim(requested.substr(0, at));
    if (at == std::string_view::npos)
        request.environments = environment_.default_lookup();
    else if (std::string_view env = trim(requested.substr(at + 1)); !env.empty())
        request.environments.emplace_back(env);
    return request;
}

ResolvedCard AssetStore::retrieve_card(std::string_view requested) const {
    return retrieve_card(parse_request(requested));
}

ResolvedCard AssetStore::retrieve_card(AssetRequest request) const {
    const std::string& leaf = request.name;
    const std::vector<std::string>& envs = request.environments;

    std::vector<ResolvedLevel> chain;
    std::string current = leaf;
    while (true) {
        const AssetCard* card = find_card(current + "@");
        if (!card && chain.empty()) {
            Diagnostic not_found{.code = DiagnosticCode::asset_not_found,
                                 .message = fmt::format("An asset card named '{}' is not found.", leaf),
                                 .asset = leaf,
                                 .hint = did_you_mean(leaf)};
            throw AssetNotFoundError{std::move(not_found), std::move(request)};
        }
        if (!card) {
            // Named after the card that holds the `base` field, so that every
            // card building on it meets one problem.
            const AssetCard& holder = base_holder(chain.back());
            std::string inherited =
                chain.size() > 1 || holder.is_overlay()
                    ? fmt::format(" '{}' builds on '{}'.", leaf, holder.display_name())
                    : std::string{};
            if (auto broken = unloaded_cards_.find(current + "@"); broken != unloaded_cards_.end())
                throw BaseNotFoundError{Diagnostic{.code = DiagnosticCode::base_not_found, .message = fmt::format("The base asset card '{}' of '{}' is in {}, which failed to load, so "
                                "it cannot be found. Fix the error reported in that file.",
                                current, holder.display_name(), broken->second.to_string()), .location = holder.field_location("base"), .asset = holder.display_name(), .hint = inherited.empty() ? std::string{} : inherited.substr(1)}, current};
            std::string hint = did_you_mean(current);
            if (!inherited.empty())
                hint = hint.empty() ? inherited.substr(1) : hint + inherited;
            throw BaseNotFoundError{Diagnostic{.code = DiagnosticCode::base_not_found, .message = fmt::format("The base asset card '{}' of '{}' is not found. Fix the `base` field of "
                            "'{}', or add a card named '{}'.",
                            current, holder.display_name(), holder.display_name(), current), .location = holder.field_location("base"), .asset = holder.display_name(), .hint = std::move(hint)}, current};
        }

        ResolvedLevel level{card, nullptr};
        for (const std::string& env : envs) {
            if (const AssetCard* overlay = find_card(current + "@" + env)) {
                level.overlay = overlay;
                break;
            }
        }
        chain.push_back(level);

        const Value* base = base_holder(level).metadata.find("base");
        if (!base || !base->is_string())
            break;

        const std::string& next = base->as_string();
        auto repeat = std::find_if(chain.begin(), chain.end(), [&](const ResolvedLevel& l) {
            return l.card->base_name() == next;
        });
        if (repeat != chain.end()) {
            std::string cycle;
            std::vector<std::string> members;
            for (auto it = repeat; it != chain.end(); ++it) {
                cycle += describe_level(*it) + " -> ";
                members.emplace_back(it->card->base_name());
            }
            cycle += next;
            const AssetCard& holder = base_holder(level);
            throw BaseCycleError{Diagnostic{.code = DiagnosticCode::base_cycle, .message = fmt::format("The base chain of the '{}' asset card is a cycle: {}. A card cannot "
                            "be its own base; break the cycle at the `base` field of '{}'.",
                            leaf, cycle, holder.display_name()), .location = holder.field_location("base"), .asset = leaf}, std::move(members)};
        }
        current = next;
    }
    return ResolvedCard{std::move(request.name), std::move(request.environments), std::move(chain)};
}

std::string AssetStore::did_you_mean(std::string_view name) const {
    return fairseq2::did_you_mean(suggest(name));
}

} // namespace fairseq2
