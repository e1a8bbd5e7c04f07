#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "fairseq2/support/diagnostic_codes.hpp"

using namespace fairseq2;

TEST_CASE("every diagnostic code is documented in the man page, with its example and fix") {
    std::ifstream in{MAN_PAGE};
    std::stringstream text;
    text << in.rdbuf();
    std::string page = text.str();
    std::string diagnostics = page.substr(page.find(".SH DIAGNOSTICS"));
    for (const DiagnosticCode& code : diagnostic_codes()) {
        std::string roff;
        for (char c : code.id)
            roff += c == '-' ? std::string{"\\-"} : std::string(1, c);
        CHECK_MESSAGE(diagnostics.find("\n.B " + roff + "\n") != std::string::npos, std::string{code.id});
        CHECK(!code.summary.empty());
        CHECK(!code.help.empty());
    }
}

TEST_CASE("codes are unique") {
    std::set<std::string_view> ids;
    for (const DiagnosticCode& code : diagnostic_codes())
        CHECK(ids.insert(code.id).second);
    CHECK(find_diagnostic_code("base-not-found")->severity == Severity::error);
    CHECK(find_diagnostic_code("nope") == nullptr);
}
