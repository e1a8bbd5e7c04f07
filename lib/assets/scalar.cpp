// YAML 1.2 core-schema typing of plain scalars, as ruamel's resolver and
// constructors do it for fairseq2 (the 1.2 implicit resolvers: bool, float,
// int, null; timestamps are kept as strings).
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "fairseq2/assets/yaml_reader.hpp"

namespace fairseq2 {
namespace {

bool all_of(std::string_view s, bool (*pred)(char)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_digit_(char c) { return is_digit(c) || c == '_'; }
bool is_bin_(char c) { return c == '0' || c == '1' || c == '_'; }
bool is_oct_(char c) { return (c >= '0' && c <= '7') || c == '_'; }
bool is_hex_(char c) {
    return is_digit_(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view strip_sign(std::string_view s) {
    if (!s.empty() && (s[0] == '-' || s[0] == '+'))
        s.remove_prefix(1);
    return s;
}

bool is_bool(std::string_view s, bool& value) {
    if (s == "true" || s == "True" || s == "TRUE") {
        value = true;
        return true;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
        value = false;
        return true;
    }
    return false;
}

bool is_null(std::string_view s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// [-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?[0-9_]+ | [-+]?0x[0-9a-fA-F_]+
bool looks_like_int(std::string_view s) {
    s = strip_sign(s);
    if (s.substr(0, 2) == "0b" && all_of(s.substr(2), is_bin_))
        return true;
    if (s.substr(0, 2) == "0o" && all_of(s.substr(2), is_oct_))
        return true;
    if (s.substr(0, 2) == "0x" && all_of(s.substr(2), is_hex_))
        return true;
    return all_of(s, is_digit_);
}

// Matches the exponent `[eE][-+]?[0-9]+` at the start of s (sign required when
// `sign_required`), consuming all of s.
bool is_exponent(std::string_view s, bool sign_required) {
    if (s.empty() || (s[0] != 'e' && s[0] != 'E'))
        return false;
    s.remove_prefix(1);
    if (!s.empty() && (s[0] == '-' || s[0] == '+'))
        s.remove_prefix(1);
    else if (sign_required)
        return false;
    return all_of(s, [](char c) { return is_digit(c); });
}

//   [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?
// | [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
// | [-+]?\.[0-9_]+([eE][-+][0-9]+)?
// | [-+]?\.(inf|Inf|INF)
// | \.(nan|NaN|NAN)
bool looks_like_float(std::string_view s) {
    if (s == ".nan" || s == ".NaN" || s == ".NAN")
        return true;
    s = strip_sign(s);
    if (s == ".inf" || s == ".Inf" || s == ".INF")
        return true;
    if (s.empty())
        return false;
    if (s[0] == '.') {
        std::size_t end = 1;
        while (end < s.size() && is_digit_(s[end]))
            ++end;
        if (end == 1)
            return false;
        return end == s.size() || is_exponent(s.substr(end), true);
    }
    if (!is_digit(s[0]))
        return false;
    std::size_t i = 1;
    while (i < s.size() && is_digit_(s[i]))
        ++i;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit_(s[i]))
            ++i;
        return i == s.size() || is_exponent(s.substr(i), false);
    }
    return i < s.size() && is_exponent(s.substr(i), false);
}

std::string without_underscores(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        if (c != '_')
            out += c;
    return out;
}

[[noreturn]] void bad_number(std::string_view text, Mark mark, const char* what) {
    Diagnostic d;
    d.code = "yaml-syntax";
    d.message = fmt::format("The plain scalar '{}' has the form of {} but cannot be read as one. "
                            "Quote it if it is meant to be a string.",
                            text, what);
    d.location.line = mark.line;
    d.location.column = mark.column;
    throw Error{std::move(d)};
}

Value make_int(std::string_view text, Mark mark) {
    std::string digits = without_underscores(text);
    std::string_view s = digits;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (s.substr(0, 2) == "0b")
        base = 2;
    else if (s.substr(0, 2) == "0x")
        base = 16;
    else if (s.substr(0, 2) == "0o")
        base = 8;
    if (base != 10)
        s.remove_prefix(2);

    std::uint64_t magnitude = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size())
        bad_number(text, mark, "an integer");

    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (negative) {
        if (magnitude > max + 1)
            bad_number(text, mark, "a 64-bit integer");
        return Value{magnitude == max + 1 ? std::numeric_limits<std::int64_t>::min()
                                          : -static_cast<std::int64_t>(magnitude),
                     mark};
    }
    if (magnitude > max)
        bad_number(text, mark, "a 64-bit integer");
    return Value{static_cast<std::int64_t>(magnitude), mark};
}

Value make_float(std::string_view text, Mark mark) {
    std::string digits = without_underscores(text);
    std::string_view s = digits;
    double sign = 1.0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        sign = s[0] == '-' ? -1.0 : 1.0;
        s.remove_prefix(1);
    }
    if (s == ".inf" || s == ".Inf" || s == ".INF")
        return Value{sign * std::numeric_limits<double>::infinity(), mark};
    if (s == ".nan" || s == ".NaN" || s == ".NAN")
        return Value{std::numeric_limits<double>::quiet_NaN(), mark};

    // strtod, not from_chars: Python's float() saturates to inf and 0.0 out of
    // range, and so does strtod, where from_chars leaves the value unset.
    // The text already matched the float pattern, so strtod reads all of it.
    std::string number{s};
    char* end = nullptr;
    double magnitude = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size())
        bad_number(text, mark, "a float");
    return Value{sign * magnitude, mark};
}

} // namespace

Value type_plain_scalar(std::string_view text, Mark mark) {
    bool flag = false;
    if (is_bool(text, flag))
        return Value{flag, mark};
    if (looks_like_float(text))
        return make_float(text, mark);
    if (looks_like_int(text))
        return make_int(text, mark);
    if (is_null(text))
        return Value{nullptr, mark};
    return Value{std::string{text}, mark};
}

} // namespace fairseq2
