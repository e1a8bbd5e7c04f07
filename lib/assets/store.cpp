#include "fairseq2/assets/store.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <unordered_set>

#include <fmt/format.h>

#include "fairseq2/assets/name.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/support/did_you_mean.hpp"
#include "fairseq2/support/parallel.hpp"
#include "fairseq2/yaml/key_index.hpp"

namespace fairseq2 {
namespace {

std::string lowercase(std::string_view text) {
    std::string out{text};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return out;
}

// The merged metadata of one level lists the card's keys, then the keys only
// its overlay has, exactly as Python's dict.update() orders them; each card's
// keys are its own, then those the loader adds (AssetCard::for_each_field).
template <typename Visit>
void for_each_level_field(const ResolvedLevel& level, Visit&& visit) {
    const AssetCard& card = *level.card;
    if (!level.overlay) {
        card.for_each_field([&](const Field& field) { visit(field, card); });
        return;
    }
    const AssetCard& overlay = *level.overlay;
    KeyIndex overlay_own{overlay.metadata};
    card.for_each_field([&](const Field& field) {
        const Field* replaced = nullptr;
        if (field.has_string_key()) {
            replaced = overlay_own.find(field.key);
            if (!replaced)
                replaced = overlay.added_field(field.key);
        }
        if (replaced)
            visit(*replaced, overlay);
        else
            visit(field, card);
    });
    KeyIndex card_own{card.metadata};
    overlay.for_each_field([&](const Field& field) {
        if (!card_own.find(field.key) && !card.added_field(field.key))
            visit(field, overlay);
    });
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
            .location = field.location(),
            .asset = std::string{field.card->display_name()}};
}

ResolvedCard::ResolvedCard(std::string name, std::vector<std::string> environments,
                           std::vector<ResolvedLevel> chain)
    : name_(std::move(name)), environments_(std::move(environments)), chain_(std::move(chain)) {
    // Most cards have a few fields: a key is compared with those found so
    // far, and hashed only once there are many (a wide card). Keys are one
    // by their text. While every key is a string, as in nearly every card,
    // equal texts are one interned key, so the pointers are compared.
    constexpr std::size_t compared = 32;
    std::unordered_set<std::string_view> seen;
    bool only_string_keys = true;
    auto is_new = [&](const FieldKey& key) {
        if (fields_.size() < compared) {
            if (only_string_keys && key.kind() == Value::Kind::string)
                return std::none_of(fields_.begin(), fields_.end(),
                                    [&](const EffectiveField& found) { return found.key == &key.str(); });
            return std::none_of(fields_.begin(), fields_.end(),
                                [&](const EffectiveField& found) { return *found.key == key.str(); });
        }
        if (seen.empty())
            for (const EffectiveField& found : fields_)
                seen.insert(*found.key);
        return seen.insert(key.str()).second;
    };
    // Room for every field of the chain at once: most are effective.
    std::size_t most = 0;
    for (const ResolvedLevel& level : chain_)
        for (const AssetCard* card : {level.card, level.overlay})
            if (card && card->metadata.is_map())
                most += card->metadata.as_map().size() + (card->origin ? card->origin->added_fields.size() : 0);
    fields_.reserve(most);
    for (const ResolvedLevel& level : chain_)
        for_each_level_field(level, [&](const Field& field, const AssetCard& card) {
            if (is_new(field.key)) {
                only_string_keys = only_string_keys && field.key.kind() == Value::Kind::string;
                fields_.push_back({&field.key.str(), &field.value, &card, card.position_of(field)});
            }
        });
}

const std::string& ResolvedCard::base_path() const noexcept {
    // The overlay's metadata is merged over the card's (dict.update), so its
    // `__base_path__` wins when it has one.
    const ResolvedLevel& leaf = chain_.front();
    if (leaf.overlay && leaf.overlay->find_field("__base_path__"))
        return leaf.overlay->base_path();
    return leaf.card->base_path();
}

const EffectiveField* ResolvedCard::field(std::string_view key) const {
    // Field names of one length often share their start (`model_family`,
    // `model_config`): the last byte tells most apart before a comparison.
    for (const EffectiveField& field : fields_) {
        const std::string& name = *field.key;
        if (name.size() == key.size() && (key.empty() || name.back() == key.back()) && name == key)
            return &field;
    }
    return nullptr;
}

AssetStore::AssetStore(LoadedAssets assets, AssetEnvironment environment)
    : sources_(std::move(assets.sources)),
      files_(std::move(assets.files)),
      validated_files_(std::move(assets.validated_files)),
      unloaded_cards_(std::move(assets.unloaded_cards)),
      diagnostics_(std::move(assets.diagnostics)),
      environment_(std::move(environment)),
      cards_(std::move(assets.cards_by_name)) {
    std::size_t count = 0;
    bool deferred = false;
    for (const LoadedSource& source : sources_) {
        for (const std::vector<AssetCard>& array : source.cards.chunks()) {
            arrays_by_address_.push_back({array.data(), array.size(), count});
            count += array.size();
        }
        deferred = deferred || !source.deferred_files.empty();
    }
    std::sort(arrays_by_address_.begin(), arrays_by_address_.end(), [](const CardArray& a, const CardArray& b) {
        return std::less<const AssetCard*>{}(a.data, b.data);
    });
    if (!validated_files_.empty()) {
        const CardOrigin* last = nullptr;
        for (const LoadedSource& source : sources_)
            for (const AssetCard& card : source.cards)
                if (card.origin.get() != last) {
                    last = card.origin.get();
                    if (last && is_validated_file(last->file))
                        validated_origins_.push_back(last);
                }
        std::sort(validated_origins_.begin(), validated_origins_.end(), std::less<const CardOrigin*>{});
        validated_origins_.erase(std::unique(validated_origins_.begin(), validated_origins_.end()),
                                 validated_origins_.end());
    }
    if (deferred) {
        deferred_files_.reserve(count);
        for (const LoadedSource& source : sources_) {
            deferred_files_.insert(deferred_files_.end(), source.deferred_files.begin(), source.deferred_files.end());
            deferred_files_.resize(deferred_files_.size() + source.cards.size() - source.deferred_files.size());
        }
    }
    // The loader already dropped duplicate names, so every name is unique
    // here, and indexed them.
    if (cards_.size() != count) {
        cards_.clear();
        cards_.reserve(count);
        for (const LoadedSource& source : sources_)
            for (const AssetCard& card : source.cards)
                cards_.insert(card);
    }
    links_.resize(count);
    std::vector<const AssetCard*> all_cards;
    all_cards.reserve(count);
    for (const LoadedSource& source : sources_)
        for (const AssetCard& card : source.cards)
            all_cards.push_back(&card);
    // Each card's base, looked up by many threads (the index is only read),
    // then each overlay added to its card's list in card order.
    parallel_for(count, [&](std::size_t i) {
        const AssetCard& card = *all_cards[i];
        if (const Value* base = card.metadata.find("base"); base && base->is_string()) {
            CardLinks& links = links_[i];
            links.has_base = true;
            links.base = lookup_plain(base->as_string());
        }
    }, 4096);
    // Each overlay after the overlays before it of its card, in card order:
    // counted, then placed.
    std::vector<std::pair<std::size_t, const AssetCard*>> overlaid_by;
    for (const AssetCard* card : all_cards)
        if (card->is_overlay()) {
            if (const AssetCard* overlaid = lookup_plain(card->base_name())) {
                std::size_t index = card_index(*overlaid);
                overlaid_by.emplace_back(index, card);
                ++links_[index].overlay_count;
            }
        }
    std::uint32_t next = 0;
    for (CardLinks& links : links_) {
        links.first_overlay = next;
        next += links.overlay_count;
        links.overlay_count = 0;
    }
    overlays_.resize(overlaid_by.size());
    for (auto [index, overlay] : overlaid_by) {
        CardLinks& links = links_[index];
        overlays_[links.first_overlay + links.overlay_count++] = overlay;
    }
}

bool AssetStore::is_validated(const AssetCard& card) const {
    if (!card.origin)
        return is_validated_file(card.file());
    return std::binary_search(validated_origins_.begin(), validated_origins_.end(), card.origin.get(),
                              std::less<const CardOrigin*>{});
}

std::size_t AssetStore::card_index(const AssetCard& card) const {
    std::less<const AssetCard*> before;
    auto after = std::upper_bound(arrays_by_address_.begin(), arrays_by_address_.end(), &card,
                                  [&](const AssetCard* c, const CardArray& array) { return before(c, array.data); });
    if (after != arrays_by_address_.begin()) {
        const CardArray& array = *std::prev(after);
        if (before(&card, array.data + array.size))
            return array.first_index + static_cast<std::size_t>(&card - array.data);
    }
    throw std::out_of_range{fmt::format("the card '{}' is not in this store", card.name)};
}

const std::vector<std::string_view>& AssetStore::asset_names() const {
    std::call_once(names_listed_, [this] {
        names_.reserve(links_.size());
        for (const LoadedSource& source : sources_)
            for (const AssetCard& card : source.cards)
                if (!card.is_overlay())
                    names_.push_back(card.base_name());
    });
    return names_;
}

const AssetStore::SuggestionIndex& AssetStore::suggestion_index() const {
    std::call_once(suggestion_index_built_, [this] {
        for (std::string_view name : asset_names()) {
            suggestion_index_.by_lowercase.try_emplace(lowercase(name), name);
            suggestion_index_.by_length[name.size()].push_back(name);
        }
    });
    return suggestion_index_;
}

const AssetCard* AssetStore::overlay_of(const CardLinks& links, const std::vector<std::string>& environments) const {
    std::span<const AssetCard* const> overlays = overlays_of(links);
    for (const std::string& env : environments)
        for (const AssetCard* overlay : overlays)
            if (overlay->environment() == env)
                return overlay;
    return nullptr;
}

const AssetCard* AssetStore::lookup(std::string_view canonical_name) const {
    return cards_.find(canonical_name);
}

const AssetCard* AssetStore::lookup_plain(std::string_view name) const {
    std::array<char, 128> buffer;
    if (name.size() >= buffer.size())
        return lookup(std::string{name} + "@");
    std::copy(name.begin(), name.end(), buffer.begin());
    buffer[name.size()] = '@';
    return lookup({buffer.data(), name.size() + 1});
}

const AssetCard* AssetStore::find_card(std::string_view canonical_name) const {
    const AssetCard* card = lookup(canonical_name);
    return card ? &loaded(*card) : nullptr;
}

const AssetCard* AssetStore::find_plain_card(std::string_view name) const {
    const AssetCard* card = lookup_plain(name);
    return card ? &loaded(*card) : nullptr;
}

const AssetCard& AssetStore::loaded(const AssetCard& card) const {
    if (deferred_files_.empty())
        return card;
    std::lock_guard lock{deferred_mutex_};
    std::uint32_t file = deferred_files_[card_index(card)];
    if (file == 0)
        return card;
    // Every deferred card of the file is completed by one reading.
    const LoadedFile& holder = files_[file - 1];
    for (AssetCard& again : read_card_file_again(holder, sources_[holder.source_index].name)) {
        const AssetCard* kept = lookup(again.name);
        if (!kept)
            continue;
        std::uint32_t& pending = deferred_files_[card_index(*kept)];
        if (pending != file || kept->mark.line != again.mark.line ||
            kept->mark.column != again.mark.column)
            continue;
        // The store owns its cards (sources_); only reading their fields
        // was put off.
        const_cast<AssetCard&>(*kept).metadata = std::move(again.metadata);
        pending = 0;
    }
    if (deferred_files_[card_index(card)] != 0)
        throw Error{{.code = DiagnosticCode::file_unreadable,
                     .message = fmt::format("{} changed while it was read: the '{}' asset card is no longer where "
                                            "it was. Run the command again.",
                                            holder.path, card.display_name()),
                     .location = card.location(),
                     .asset = std::string{card.display_name()}}};
    return card;
}

std::optional<std::string> AssetStore::suggest(std::string_view name) const {
    {
        std::lock_guard lock{suggestions_mutex_};
        if (auto known = suggestions_.find(std::string{name}); known != suggestions_.end())
            return known->second;
    }
    std::optional<std::string> suggestion;
    const SuggestionIndex& index = suggestion_index();
    if (auto same = index.by_lowercase.find(lowercase(name));
        same != index.by_lowercase.end() && same->second != name) {
        suggestion = std::string{same->second};
    } else {
        // The names `name` can be a typo of: of a length within
        // max_typo_distance() of its own, nearest lengths first.
        std::vector<std::string_view> candidates;
        auto take = [&](std::size_t length) {
            auto bucket = index.by_length.find(length);
            if (bucket == index.by_length.end())
                return;
            for (std::string_view candidate : bucket->second) {
                if (candidates.size() == max_suggestion_candidates)
                    return;
                candidates.push_back(candidate);
            }
        };
        take(name.size());
        for (std::size_t gap = 1; gap <= max_typo_distance(name); ++gap) {
            if (name.size() >= gap)
                take(name.size() - gap);
            take(name.size() + gap);
        }
        suggestion = closest_match(name, candidates);
    }
    std::lock_guard lock{suggestions_mutex_};
    suggestions_.try_emplace(std::string{name}, suggestion);
    return suggestion;
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
    const AssetCard* card = find_plain_card(request.name);
    if (!card) {
        Diagnostic not_found{.code = DiagnosticCode::asset_not_found,
                             .message = fmt::format("An asset card named '{}' is not found.", request.name),
                             .asset = request.name,
                             .hint = did_you_mean(request.name)};
        throw AssetNotFoundError{std::move(not_found), std::move(request)};
    }
    return resolve_chain(*card, std::move(request.name), std::move(request.environments));
}

ResolvedCard AssetStore::retrieve_card(const AssetCard& card, std::vector<std::string> environments) const {
    return resolve_chain(loaded(card), std::string{card.base_name()}, std::move(environments));
}

ResolvedCard AssetStore::resolve_chain(const AssetCard& leaf_card, std::string leaf,
                                       std::vector<std::string> environments) const {
    const AssetCard* card = &leaf_card;
    std::vector<ResolvedLevel> chain;
    // Most chains are a few cards: one allocation for them.
    chain.reserve(4);
    // Brent's cycle finding: a card saved at every power of two steps, so a
    // cycle is seen within twice its length, in no memory a link.
    const AssetCard* saved = nullptr;
    std::size_t power = 1;
    std::size_t since_saved = 0;
    while (true) {
        // A card's links are found by a search (card_index): once a level.
        const CardLinks& card_links = links_of(*card);
        ResolvedLevel level{card, overlay_of(card_links, environments)};
        if (level.overlay)
            level.overlay = &loaded(*level.overlay);
        chain.push_back(level);
        if (card == saved)
            throw_long_chain(leaf, chain);
        if (++since_saved == power) {
            saved = card;
            power *= 2;
            since_saved = 0;
        }

        const AssetCard& holder = base_holder(level);
        const CardLinks& links = &holder == card ? card_links : links_of(holder);
        if (!links.has_base)
            break;
        if (!links.base) {
            // Named after the card that holds the `base` field, so that every
            // card building on it meets one problem.
            std::string current = holder.metadata.find("base")->as_string();
            std::string inherited =
                chain.size() > 1 || holder.is_overlay()
                    ? fmt::format(" '{}' builds on '{}'.", leaf, holder.display_name())
                    : std::string{};
            if (auto broken = unloaded_cards_.find(current + "@"); broken != unloaded_cards_.end())
                throw BaseNotFoundError{
                    Diagnostic{.code = DiagnosticCode::base_not_found,
                               .message = fmt::format("The base asset card '{}' of '{}' is in {}, which failed to "
                                                      "load, so it cannot be found. Fix the error reported in that "
                                                      "file.",
                                                      current, holder.display_name(), broken->second.to_string()),
                               .location = holder.field_location("base"),
                               .asset = std::string{holder.display_name()},
                               .hint = inherited.empty() ? std::string{} : inherited.substr(1)},
                    current};
            std::string hint = did_you_mean(current);
            if (!inherited.empty())
                hint = hint.empty() ? inherited.substr(1) : hint + inherited;
            throw BaseNotFoundError{
                Diagnostic{.code = DiagnosticCode::base_not_found,
                           .message = fmt::format("The base asset card '{}' of '{}' is not found. Fix the `base` "
                                                  "field of '{}', or add a card named '{}'.",
                                                  current, holder.display_name(), holder.display_name(), current),
                           .location = holder.field_location("base"),
                           .asset = std::string{holder.display_name()},
                           .hint = std::move(hint)},
                current};
        }
        if (chain.size() == max_base_chain)
            throw_long_chain(leaf, chain);
        card = &loaded(*links.base);
    }
    return ResolvedCard{std::move(leaf), std::move(environments), std::move(chain)};
}

void AssetStore::throw_long_chain(const std::string& leaf, std::vector<ResolvedLevel>& chain) const {
    std::unordered_map<std::string_view, std::size_t> position;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        auto [first, inserted] = position.try_emplace(chain[i].card->base_name(), i);
        if (inserted)
            continue;
        // The chain turns back at level i to the card of level `first`.
        std::string cycle;
        std::vector<std::string> members;
        for (std::size_t k = first->second; k < i; ++k) {
            cycle += describe_level(chain[k]) + " -> ";
            members.emplace_back(chain[k].card->base_name());
        }
        cycle += chain[i].card->base_name();
        const AssetCard& holder = base_holder(chain[i - 1]);
        throw BaseCycleError{
            Diagnostic{.code = DiagnosticCode::base_cycle,
                       .message = fmt::format("The base chain of the '{}' asset card is a cycle: {}. A card cannot "
                                              "be its own base; break the cycle at the `base` field of '{}'.",
                                              leaf, cycle, holder.display_name()),
                       .location = holder.field_location("base"),
                       .asset = leaf},
            std::move(members)};
    }
    // Every card that deep fails in fairseq2: each is its own problem.
    const AssetCard& holder = base_holder(chain.front());
    throw Error{{.code = DiagnosticCode::base_chain_too_deep,
                 .message = fmt::format("The base chain of the '{}' asset card is longer than {} cards. fairseq2 "
                                        "follows a chain one Python frame a card and fails at Python's recursion "
                                        "limit; shorten the chain.",
                                        leaf, max_base_chain),
                 .location = holder.field_location("base"),
                 .asset = leaf}};
}

std::string AssetStore::did_you_mean(std::string_view name) const {
    return fairseq2::did_you_mean(suggest(name));
}

} // namespace fairseq2
