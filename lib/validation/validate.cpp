#include "fairseq2/validation/validate.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "fairseq2/assets/location.hpp"
#include "fairseq2/assets/read_fields.hpp"
#include "fairseq2/assets/name.hpp"
#include "fairseq2/families/card_details.hpp"
#include "fairseq2/support/did_you_mean.hpp"
#include "fairseq2/support/parallel.hpp"
#include "fairseq2/validation/hints.hpp"

namespace fairseq2 {
namespace {

// One card to check, and the environments to check it in besides its
// default look-up: a range of the plan's environment numbers (one array for
// every card, not one each).
struct CardCheck {
    const AssetCard* card = nullptr;
    std::uint32_t first_environment = 0;
    std::uint32_t environment_count = 0;
};

class Validator {
public:
    Validator(const FamilyRegistry& families, const AssetStore& store)
        : families_(families), store_(store), hints_(families, store) {
        std::map<std::string_view, SourceLocation> validated;
        for (const LoadedSource& source : store.sources())
            for (const AssetCard& card : source.cards)
                if (card.is_overlay() && store.is_validated(card))
                    validated.try_emplace(card.environment(), card.location());
        // Numbered in their sorted order, so that sorting numbers sorts names.
        for (auto& [name, location] : validated)
            environments_.push_back({std::string{name}, location});
        for (std::size_t i = 0; i < environments_.size(); ++i)
            environment_numbers_.emplace(environments_[i].name, static_cast<std::uint32_t>(i));
        if (default_lookup_.size() == 1)
            if (auto found = environment_numbers_.find(default_lookup_.front()); found != environment_numbers_.end())
                default_environment_ = found->second;
    }

    // Appends to `out` the environments `card` is checked in: each a
    // validated overlay is for, with an overlay somewhere on the card's
    // chain (only those can apply one), in order, once each. Returns the
    // length of that chain, or 0 when there are none to check.
    std::size_t environments_of(const AssetCard& card, std::vector<std::uint32_t>& out) const {
        if (card.is_overlay() || environments_.empty())
            return 0;
        std::size_t first = out.size();
        std::size_t length = store_.for_each_overlay_on_chain(card, [&](const AssetCard& overlay) {
            if (auto found = environment_numbers_.find(overlay.environment());
                found != environment_numbers_.end())
                out.push_back(found->second);
        });
        auto mine = out.begin() + static_cast<std::ptrdiff_t>(first);
        std::sort(mine, out.end());
        out.erase(std::unique(mine, out.end()), out.end());
        return length;
    }

    // A validated overlay of the environment: where a problem with the
    // environment as a whole is reported.
    const std::string& environment_name(std::uint32_t number) const { return environments_[number].name; }
    const SourceLocation& overlay_of(std::uint32_t number) const { return environments_[number].first_overlay; }

    // Whether `card` needs checking: a validated card, or any card when the
    // validated paths hold overlays (they may apply along its chain).
    bool concerns(const AssetCard& card) const {
        return store_.is_validated(card) || (!card.is_overlay() && !environments_.empty());
    }

    // Safe to call from many threads: the store and the registry are
    // immutable, and each call appends to its own `out`.
    void check_card(const AssetCard& card, std::span<const std::uint32_t> environments, Diagnostics& out) const {
        if (card.is_overlay()) {
            check_overlay(card, out);
            return;
        }
        bool validated = store_.is_validated(card);
        if (validated)
            check_request(card, default_lookup_, {}, out);
        // Each environment where a validated overlay applies along the
        // chain: the overlay may live beside its card or be a cluster's
        // overlay of a card from any other source.
        // A problem the card meets in several environments is kept once,
        // as first met, so that a card checked in many environments holds
        // no more problems than it has.
        std::unordered_set<std::string> seen;
        for (const Diagnostic& d : out)
            seen.insert(identity(d));
        for (std::uint32_t number : environments) {
            // The default look-up is this environment alone (`user`, when no
            // cluster is detected): the check above resolved the card just
            // so, and every problem it could meet here is already kept.
            if (validated && number == default_environment_)
                continue;
            const std::string& env = environment_name(number);
            std::size_t first = out.size();
            check_request(card, {env}, env, out, [&](const ResolvedCard& resolved) {
                return std::any_of(resolved.chain().begin(), resolved.chain().end(), [&](const ResolvedLevel& l) {
                    return l.overlay && store_.is_validated(*l.overlay);
                });
            });
            auto fresh = std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                        [&](const Diagnostic& d) { return !seen.insert(identity(d)).second; });
            out.erase(fresh, out.end());
        }
    }

    // What makes two diagnostics one problem: the place, the code and the
    // message (the environment it shows in is not part of it).
    static std::string identity(const Diagnostic& d) {
        return fmt::format("{}\n{}:{}\n{}\n{}", d.location.file, d.location.line, d.location.column,
                           to_string(d.code), d.message);
    }

private:
    // A field fairseq2 reads with `as_(T)`, on the effective card.
    static void check_type(const ResolvedCard& card, const ReadField& rule, Diagnostics& out) {
        const EffectiveField* field = card.field(rule.name);
        if (field && field->value->kind() != rule.kind)
            out.push_back(field_type_problem(*field, Value::type_name(rule.kind)));
    }

    // What fairseq2 reads to load the card's model and tokenizer, beyond what
    // card_details() checks: relative paths that do not exist, the fields
    // beside the locations, and `url` of a gated asset.
    static void check_loading(const ResolvedCard& card, const CardDetails& details, Diagnostics& out) {
        for (const CardLocation& entry : details.locations) {
            if (!entry.location || !entry.location->relative)
                continue;
            const AssetLocation& location = *entry.location;
            std::error_code error;
            if (std::filesystem::exists(location.local_path, error))
                continue;
            const EffectiveField& field = entry.value;
            out.push_back(
                {.severity = Severity::warning,
                 .code = DiagnosticCode::path_not_found,
                 .message = fmt::format(
                     "The {} field of the '{}' asset card is the relative path '{}', which fairseq2 opens as "
                     "{}, and that path does not exist. fairseq2 takes a relative path from the directory of "
                     "the card that was asked for (after its overlay), not of the card that holds the field; "
                     "fix the path or make it absolute.",
                     entry.field, entry.card, field.value->as_string(), location.local_path),
                 .location = field.location(),
                 .asset = std::string{field.card->display_name()},
                 .hint = location.local_path.find('%') == std::string::npos
                             ? std::string{}
                             : "fairseq2 percent-encodes a path it makes a URI of (a space becomes %20) and "
                               "opens the encoded name; rename the file, or give a `file://` URI, which it "
                               "opens as written."});
        }
        if (card.field("model_family")) {
            for (const ReadField& rule : model_read_fields)
                check_type(card, rule, out);
            if (!card.field("checkpoint"))
                check_type(card, {"url", Value::Kind::string}, out);
        }
        if (card.field("tokenizer_family")) {
            for (const ReadField& rule : tokenizer_read_fields)
                check_type(card, rule, out);
            if (!card.field("tokenizer"))
                check_type(card, {"url", Value::Kind::string}, out);
        }
    }

    void check_overlay(const AssetCard& overlay, Diagnostics& out) const {
        std::string base{overlay.base_name()};
        if (!store_.find_plain_card(base)) {
            auto near = store_.suggest(base);
            out.push_back({.severity = Severity::warning,
                           .code = DiagnosticCode::orphan_overlay,
                           .message = fmt::format("The overlay '{}' has no card '{}' to apply to, so fairseq2 "
                                                  "never uses it. Add the card, or fix the overlay's name.",
                                                  overlay.name, base),
                           .location = overlay.location(),
                           .asset = std::string{overlay.display_name()},
                           .hint = did_you_mean(near ? std::optional{fmt::format("{}@{}", *near,
                                                                                 overlay.environment())}
                                                     : std::nullopt)});
            return;
        }
        if (overlay.environment() != "user" && store_.find_card(base + "@user"))
            out.push_back({.severity = Severity::warning,
                           .code = DiagnosticCode::shadowed_overlay,
                           .message = fmt::format("The overlay '{}' is hidden by '{}@user' under default "
                                                  "resolution: `user` is tried first and one overlay at "
                                                  "most applies. Move its fields into the user overlay, or "
                                                  "resolve '{}' explicitly.",
                                                  overlay.name, base, overlay.name),
                           .location = overlay.location(),
                           .asset = std::string{overlay.display_name()}});
    }

    // Everything fairseq2 would hit loading the card in `environments` (as
    // `NAME` or `NAME@ENV` asks for it), its problems labelled with
    // `environment`: resolution, the effective configs, the locations and
    // fields it reads.
    // With `applies`, a card that resolves is checked only when it holds;
    // one that fails to resolve (an overlay that breaks the chain) is always
    // reported, where its problem is.
    void check_request(const AssetCard& card, std::vector<std::string> environments, const std::string& environment,
                       Diagnostics& out, const std::function<bool(const ResolvedCard&)>& applies = {}) const {
        std::size_t first = out.size();
        try {
            ResolvedCard resolved = store_.retrieve_card(card, std::move(environments));
            if (applies && !applies(resolved))
                return;
            CardDetails details = card_details(store_, &families_, resolved, &configs_);
            out.insert(out.end(), std::make_move_iterator(details.problems.begin()),
                       std::make_move_iterator(details.problems.end()));
            check_loading(resolved, details, out);
        } catch (const BaseCycleError& error) {
            // Every card of a cycle meets it; it is one problem.
            std::vector<std::string> members = error.cycle();
            std::sort(members.begin(), members.end());
            Diagnostic d = error.diagnostic();
            d.asset = fmt::format("{}", fmt::join(members, ","));
            out.push_back(std::move(d));
        } catch (const Error& error) {
            out.push_back(hints_.explain(error));
        }
        for (std::size_t i = first; i < out.size(); ++i)
            out[i].environment = environment;
    }

    const FamilyRegistry& families_;
    const AssetStore& store_;
    ResolutionHints hints_;
    // The children of a base mostly build the same configs: once each.
    mutable EffectiveConfigCache configs_{EffectiveConfigCache::Keeps::problems_only};
    // The environments the validated overlays are for, sorted, each with the
    // place of its first validated overlay; and their numbers by name.
    struct Environment {
        std::string name;
        SourceLocation first_overlay;
    };
    std::vector<Environment> environments_;
    std::unordered_map<std::string_view, std::uint32_t> environment_numbers_;
    // The environments a card is looked up in by default, and the number of
    // the one environment it is when it is one of those above.
    std::vector<std::string> default_lookup_ = store_.environment().default_lookup();
    std::optional<std::uint32_t> default_environment_;
};

// What validation checks: each card that concerns it, with its environments
// (ranges of `environments`).
struct CheckPlan {
    std::vector<CardCheck> cards;
    std::vector<std::uint32_t> environments;
    // The resolutions in environments left out to keep within the budget,
    // and the environment of the first.
    std::size_t unchecked = 0;
    std::optional<std::uint32_t> first_unchecked;
};

// The plan, the same on every run: the checks in environments follow at most
// `budget` chain links in all, given out in card order. Each card's
// environments are worked out on the pool, runs of a file's cards at a time;
// the budget is then applied in card order.
CheckPlan plan_checks(const Validator& validator, const AssetStore& store, std::size_t budget) {
    constexpr std::size_t cards_per_run = 256;
    std::vector<std::span<const AssetCard>> runs;
    for (const LoadedSource& source : store.sources())
        for (const std::vector<AssetCard>& file : source.cards.chunks())
            for (std::size_t start = 0; start < file.size(); start += cards_per_run)
                runs.emplace_back(file.data() + start, std::min(cards_per_run, file.size() - start));
    struct RunPlan {
        std::vector<CardCheck> cards;
        std::vector<std::uint32_t> links;
        std::vector<std::uint32_t> environments;
    };
    std::vector<RunPlan> planned(runs.size());
    parallel_for(runs.size(), [&](std::size_t r) {
        RunPlan& run = planned[r];
        for (const AssetCard& card : runs[r]) {
            if (!validator.concerns(card))
                continue;
            std::size_t first = run.environments.size();
            std::size_t links = validator.environments_of(card, run.environments);
            run.cards.push_back({&card, static_cast<std::uint32_t>(first),
                                 static_cast<std::uint32_t>(run.environments.size() - first)});
            run.links.push_back(static_cast<std::uint32_t>(links));
        }
    });

    CheckPlan plan;
    std::size_t card_count = 0;
    std::size_t environment_count = 0;
    for (const RunPlan& run : planned) {
        card_count += run.cards.size();
        environment_count += run.environments.size();
    }
    plan.cards.reserve(card_count);
    plan.environments.reserve(environment_count);
    std::size_t links_planned = 0;
    for (RunPlan& run : planned) {
        for (std::size_t k = 0; k < run.cards.size(); ++k) {
            const CardCheck& check = run.cards[k];
            std::span<const std::uint32_t> environments{run.environments.data() + check.first_environment,
                                                        check.environment_count};
            std::size_t links = run.links[k];
            std::size_t fits = links ? (budget - links_planned) / links : environments.size();
            if (fits < environments.size()) {
                plan.unchecked += environments.size() - fits;
                if (!plan.first_unchecked)
                    plan.first_unchecked = environments[fits];
                environments = environments.first(fits);
            }
            links_planned += environments.size() * links;
            plan.cards.push_back({check.card, static_cast<std::uint32_t>(plan.environments.size()),
                                  static_cast<std::uint32_t>(environments.size())});
            plan.environments.insert(plan.environments.end(), environments.begin(), environments.end());
        }
        run = {};
    }
    return plan;
}

} // namespace

std::size_t ValidationReport::count(Severity severity) const {
    return static_cast<std::size_t>(std::count_if(
        diagnostics.begin(), diagnostics.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

ValidationReport validate_cards(DependencyResolver& resolver, const AssetStore& store, DiagnosticPolicy policy) {
    auto validated = [&](const std::string& file) { return store.is_validated_file(file); };

    ValidationReport report;
    for (const LoadedFile& file : store.files())
        if (file.validated) {
            report.files.push_back(file.path);
            report.cards += file.cards;
        }
    for (const Diagnostic& d : store.diagnostics())
        if (validated(d.location.file))
            report.diagnostics.push_back(d);

    FamilyRegistry families{resolver};
    Validator validator{families, store};
    std::size_t card_count = 0;
    for (const LoadedSource& source : store.sources())
        card_count += source.cards.size();
    std::size_t budget = max_environment_links + environment_links_per_card * card_count;
    CheckPlan plan = plan_checks(validator, store, budget);
    if (plan.unchecked)
        report.diagnostics.push_back(
            {.severity = Severity::warning,
             .code = DiagnosticCode::unchecked_environments,
             .message = fmt::format("The validated overlays apply along more base chains than validation follows "
                                    "({} chain links): {} card resolutions in environments, from '{}' on, were "
                                    "not checked. Validate fewer environments at a time, or shorten the chains.",
                                    budget, plan.unchecked, validator.environment_name(*plan.first_unchecked)),
             .location = validator.overlay_of(*plan.first_unchecked)});
    const std::vector<CardCheck>& cards = plan.cards;
    // Each card's problems, held for the few cards that have any.
    std::vector<std::unique_ptr<Diagnostics>> found(cards.size());
    parallel_for(cards.size(), [&](std::size_t i) {
        const AssetCard& card = *cards[i].card;
        Diagnostics problems;
        try {
            validator.check_card(card,
                                 std::span<const std::uint32_t>{plan.environments}.subspan(
                                     cards[i].first_environment, cards[i].environment_count),
                                 problems);
        } catch (const std::exception& error) { // out of memory, mostly: report, do not terminate
            problems.push_back({.code = DiagnosticCode::internal_error,
                                .message = fmt::format("The '{}' asset card could not be checked: {}.",
                                                       card.display_name(), error.what()),
                                .location = card.location()});
        }
        if (!problems.empty())
            found[i] = std::make_unique<Diagnostics>(std::move(problems));
    }, 256);
    std::set<std::string> cycles;
    for (std::size_t i = 0; i < cards.size(); ++i) {
        if (!found[i])
            continue;
        for (Diagnostic& d : *found[i]) {
            if (d.code == DiagnosticCode::base_cycle) {
                // Reported once, by the first card of the cycle in file order.
                if (!cycles.insert(d.asset).second)
                    continue;
                d.asset = cards[i].card->display_name();
            }
            if (validated(d.location.file))
                report.diagnostics.push_back(std::move(d));
        }
    }

    // One problem once, even when several resolutions (chains, environments)
    // meet it, found first without an environment; in file order.
    auto key = [](const Diagnostic& d) {
        return std::tie(d.location.file, d.location.line, d.location.column, d.code, d.message);
    };
    std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
    report.diagnostics.erase(
        std::unique(report.diagnostics.begin(), report.diagnostics.end(),
                    [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
        report.diagnostics.end());

    DiagnosticSink sink{policy};
    for (Diagnostic& d : report.diagnostics)
        sink.report(std::move(d));
    report.diagnostics = sink.take();
    return report;
}

} // namespace fairseq2
