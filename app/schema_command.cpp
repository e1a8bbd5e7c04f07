// `fairseq2ctl schema cards`: a JSON Schema of a card, for editors and other
// linters, from the families the runtime registered.
#include "commands.hpp"
#include "fairseq2/families/card_schema.hpp"

namespace fairseq2ctl {

void add_schema_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* schema = root.add_subcommand("schema", "Print schemas of what fairseq2 reads");
    schema->require_subcommand(1);
    CLI::App* cards = schema->add_subcommand(
        "cards", "A JSON Schema (draft 2020-12) of an asset card: families, archs, config fields, field types");
    commands.push_back({cards, [&context] {
                            fairseq2::FamilyRegistry families{context.runtime()};
                            context.printer().json_schema(fairseq2::card_schema(families));
                        }});
}

} // namespace fairseq2ctl
