#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "fairseq2/support/diagnostic_codes.hpp"

using namespace fairseq2;

namespace {

std::string man_page() {
    std::ifstream in{MAN_PAGE};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The part of the page from `.SH heading` to the next `.SH`.
std::string section(const std::string& page, const std::string& heading) {
    auto start = page.find(".SH " + heading);
    REQUIRE(start != std::string::npos);
    auto end = page.find("\n.SH ", start + 1);
    return page.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string roff(std::string_view id) {
    std::string text;
    for (char c : id)
        text += c == '-' ? std::string{"\\-"} : std::string(1, c);
    return text;
}

} // namespace

TEST_CASE("every diagnostic code is documented in the man page, with its summary and fix") {
    std::string page = man_page();
    std::string diagnostics = section(page, "DIAGNOSTICS");
    std::string extensions = section(page, "EXTENSIONS");
    for (const DiagnosticCodeInfo& code : diagnostic_codes()) {
        const std::string& where = code.area == CodeArea::extensions ? extensions : diagnostics;
        CHECK_MESSAGE(where.find("\n.B " + roff(code.id) + "\n") != std::string::npos, std::string{code.id});
        CHECK(!code.summary.empty());
        CHECK(!code.help.empty());
    }
}

TEST_CASE("codes are unique, spelt in kebab case, and read back") {
    std::set<std::string_view> ids;
    for (const DiagnosticCodeInfo& code : diagnostic_codes()) {
        CHECK(ids.insert(code.id).second);
        CHECK(code.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string_view::npos);
        CHECK(to_string(code.code) == code.id);
        CHECK(diagnostic_code_from_string(code.id) == code.code);
    }
    CHECK(to_string(DiagnosticCode::base_not_found) == "base-not-found");
    CHECK(describe(DiagnosticCode::base_not_found).severity == Severity::error);
    CHECK(describe(DiagnosticCode::orphan_overlay).severity == Severity::warning);
    CHECK(!diagnostic_code_from_string("nope"));
}
