#include "fairseq2/yaml/scalar.hpp"

// Scalar typing as fairseq2's ruamel safe loader does it: the implicit
// resolvers of YAML 1.2 (and of 1.1 under a `%YAML 1.1` directive), each
// tried only for the first characters ruamel lists for it, then ruamel's
// SafeConstructor (construct_yaml_int, _float, _bool, _timestamp, _binary).
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {
namespace {

[[noreturn]] void fail(Mark mark, std::string message) {
    throw Error{{.code = DiagnosticCode::yaml_syntax,
                 .message = std::move(message),
                 .location = {{}, mark.line, mark.column}}};
}

// A Python int from its decimal digits (no sign, no leading zeros): an
// int64, or a BigInteger beyond.
Value make_integer(std::string_view decimal, bool negative, Mark mark) {
    // `decimal` has no sign and no leading zeros (but may be "0").
    constexpr std::string_view max = "9223372036854775807";
    constexpr std::string_view min_magnitude = "9223372036854775808";
    auto fits = [&](std::string_view limit) {
        return decimal.size() < limit.size() || (decimal.size() == limit.size() && decimal <= limit);
    };
    if (fits(negative ? min_magnitude : max)) {
        std::uint64_t magnitude = std::strtoull(std::string{decimal}.c_str(), nullptr, 10);
        if (negative)
            return Value{magnitude == 9223372036854775808ULL ? std::numeric_limits<std::int64_t>::min()
                                                              : -static_cast<std::int64_t>(magnitude),
                         mark};
        return Value{static_cast<std::int64_t>(magnitude), mark};
    }
    return Value{BigInteger{(negative ? "-" : "") + std::string{decimal}}, mark};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_of(std::string_view s, bool (*pred)(char)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

bool is_digit_(char c) { return is_digit(c) || c == '_'; }
bool is_bin_(char c) { return c == '0' || c == '1' || c == '_'; }
bool is_oct_(char c) { return (c >= '0' && c <= '7') || c == '_'; }
bool is_hex_(char c) { return is_digit_(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool starts_with_one_of(std::string_view s, std::string_view chars) {
    return !s.empty() && chars.find(s[0]) != std::string_view::npos;
}

std::string_view strip_sign(std::string_view s) {
    if (!s.empty() && (s[0] == '-' || s[0] == '+'))
        s.remove_prefix(1);
    return s;
}

// ---- the implicit resolvers (ruamel's resolver.py) ------------------------

bool is_bool(std::string_view s, YamlVersion version) {
    static constexpr std::string_view v12[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
    static constexpr std::string_view v11[] = {"y",  "Y",  "yes", "Yes",  "YES",  "n",     "N",     "no",
                                               "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                               "on", "On", "ON",  "off",  "Off",  "OFF"};
    if (version == YamlVersion::v1_2)
        return std::find(std::begin(v12), std::end(v12), s) != std::end(v12);
    return std::find(std::begin(v11), std::end(v11), s) != std::end(v11);
}

bool is_null(std::string_view s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// `[eE][-+]?[0-9]+` spanning all of s, the sign required when asked.
bool is_exponent(std::string_view s, bool sign_required) {
    if (s.empty() || (s[0] != 'e' && s[0] != 'E'))
        return false;
    s.remove_prefix(1);
    if (!s.empty() && (s[0] == '-' || s[0] == '+'))
        s.remove_prefix(1);
    else if (sign_required)
        return false;
    return all_of(s, is_digit);
}

// `[0-9][0-9_]*` at the front of s; returns its length (0 when none).
std::size_t digits_at(std::string_view s) {
    if (s.empty() || !is_digit(s[0]))
        return 0;
    std::size_t i = 1;
    while (i < s.size() && is_digit_(s[i]))
        ++i;
    return i;
}

// `(:[0-5]?[0-9])+` at the front of s; returns its length.
std::size_t sexagesimal_at(std::string_view s) {
    std::size_t i = 0;
    while (i + 1 < s.size() && s[i] == ':' && is_digit(s[i + 1])) {
        bool two = i + 2 < s.size() && is_digit(s[i + 2]) && s[i + 1] <= '5';
        i += two ? 3 : 2;
    }
    return i;
}

bool is_float(std::string_view s, YamlVersion version) {
    if (!starts_with_one_of(s, "-+0123456789."))
        return false;
    if (s == ".nan" || s == ".NaN" || s == ".NAN")
        return true;
    bool signed_text = s[0] == '-' || s[0] == '+';
    std::string_view t = strip_sign(s);
    if (t == ".inf" || t == ".Inf" || t == ".INF")
        return true;
    if (!t.empty() && t[0] == '.') {
        // 1.2: [-+]?\.[0-9_]+([eE][-+][0-9]+)?   1.1: the same without a sign
        if (signed_text && version == YamlVersion::v1_1)
            return false;
        std::size_t end = 1;
        while (end < t.size() && is_digit_(t[end]))
            ++end;
        return end > 1 && (end == t.size() || is_exponent(t.substr(end), true));
    }
    std::size_t i = digits_at(t);
    if (i == 0)
        return false;
    if (i < t.size() && t[i] == '.') {
        std::size_t j = i + 1;
        while (j < t.size() && is_digit_(t[j]))
            ++j;
        return j == t.size() || is_exponent(t.substr(j), false);
    }
    if (i < t.size() && is_exponent(t.substr(i), false))
        return true;
    if (version == YamlVersion::v1_1) {
        // [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
        std::size_t k = i + sexagesimal_at(t.substr(i));
        if (k > i && k < t.size() && t[k] == '.')
            return std::all_of(t.begin() + static_cast<std::ptrdiff_t>(k) + 1, t.end(), is_digit_);
    }
    return false;
}

bool is_int(std::string_view s, YamlVersion version) {
    if (!starts_with_one_of(s, "-+0123456789"))
        return false;
    std::string_view t = strip_sign(s);
    if (t.substr(0, 2) == "0b" && all_of(t.substr(2), is_bin_))
        return true;
    if (t.substr(0, 2) == "0x" && all_of(t.substr(2), is_hex_))
        return true;
    if (version == YamlVersion::v1_2) {
        if (t.substr(0, 2) == "0o" && all_of(t.substr(2), is_oct_))
            return true;
        return all_of(t, is_digit_); // [-+]?0o?[0-7_]+ is within [-+]?[0-9_]+
    }
    // 1.1: [-+]?0?[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
    if (all_of(t, is_oct_) || t == "0")
        return true;
    if (t.empty() || t[0] < '1' || t[0] > '9')
        return false;
    std::size_t i = digits_at(t);
    return i == t.size() || (sexagesimal_at(t.substr(i)) == t.size() - i);
}

// The timestamp resolver: a date, or a date and a time.
struct TimestampParts {
    int year = 0, month = 0, day = 0;
    bool has_time = false;
    int hour = 0, minute = 0, second = 0;
    std::string fraction;
    char zone_sign = 0; // '+' or '-' for an offset; 0 for none or `Z`
    int zone_hour = 0, zone_minute = 0;
};

// Matches ruamel's timestamp regexp; `strict_date` is the resolver's form,
// where a date without a time has two-digit month and day.
std::optional<TimestampParts> match_timestamp(std::string_view s, bool strict_date) {
    TimestampParts p;
    std::size_t i = 0;
    auto number = [&](std::size_t min, std::size_t max, int& out) {
        std::size_t start = i;
        while (i < s.size() && i - start < max && is_digit(s[i]))
            ++i;
        if (i - start < min)
            return false;
        out = std::stoi(std::string{s.substr(start, i - start)});
        return true;
    };
    if (!number(4, 4, p.year) || i >= s.size() || s[i++] != '-')
        return std::nullopt;
    std::size_t month_start = i;
    if (!number(1, 2, p.month) || i >= s.size() || s[i++] != '-')
        return std::nullopt;
    std::size_t day_start = i;
    if (!number(1, 2, p.day))
        return std::nullopt;
    bool two_digit = day_start - month_start == 3 && i - day_start == 2;
    if (i == s.size())
        return !strict_date || two_digit ? std::optional{p} : std::nullopt;
    if (s[i] == 'T' || s[i] == 't') {
        ++i;
    } else {
        std::size_t start = i;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
            ++i;
        if (i == start)
            return std::nullopt;
    }
    p.has_time = true;
    if (!number(1, 2, p.hour) || i >= s.size() || s[i++] != ':' || !number(2, 2, p.minute) ||
        i >= s.size() || s[i++] != ':' || !number(2, 2, p.second))
        return std::nullopt;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && is_digit(s[i]))
            p.fraction += s[i++];
    }
    std::size_t before_zone = i;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    if (i < s.size() && s[i] == 'Z') {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        p.zone_sign = s[i++];
        if (!number(1, 2, p.zone_hour))
            return std::nullopt;
        if (i < s.size() && s[i] == ':') {
            ++i;
            if (!number(2, 2, p.zone_minute))
                return std::nullopt;
        }
    } else {
        i = before_zone;
    }
    if (i != s.size())
        return std::nullopt;
    return p;
}

// ---- the constructors (ruamel's constructor.py, util.py) ------------------

// Digits in `base` as a Python int: an int64 Value, or a BigInteger beyond.
Value integer_value(std::string_view digits, int base, bool negative, Mark mark, std::string_view text) {
    // Little-endian limbs of 10^9.
    std::vector<std::uint32_t> limbs{0};
    auto multiply_add = [&](std::uint32_t factor, std::uint32_t addend) {
        std::uint64_t carry = addend;
        for (std::uint32_t& limb : limbs) {
            std::uint64_t v = std::uint64_t{limb} * factor + carry;
            limb = static_cast<std::uint32_t>(v % 1'000'000'000);
            carry = v / 1'000'000'000;
        }
        while (carry) {
            limbs.push_back(static_cast<std::uint32_t>(carry % 1'000'000'000));
            carry /= 1'000'000'000;
        }
    };
    if (digits.empty())
        fail(mark, fmt::format("The plain scalar '{}' has the form of an integer but cannot be read as "
                               "one (Python's int() fails on it). Quote it if it is meant to be a string.",
                               text));
    for (char c : digits) {
        int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
        if (d >= base)
            fail(mark, fmt::format("The scalar '{}' is not an integer in base {}.", text, base));
        multiply_add(static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(d));
    }
    std::string decimal = std::to_string(limbs.back());
    for (auto it = limbs.rbegin() + 1; it != limbs.rend(); ++it)
        decimal += fmt::format("{:09}", *it);
    return make_integer(decimal, negative, mark);
}

Value sexagesimal_value(std::string_view text, bool negative, Mark mark) {
    // 190:20:30 is ((190 * 60) + 20) * 60 + 30.
    std::string decimal;
    Value total{std::int64_t{0}};
    std::int64_t value = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto colon = text.find(':', start);
        std::string_view part = text.substr(start, colon == std::string_view::npos ? text.npos : colon - start);
        std::int64_t n = std::strtoll(std::string{part}.c_str(), nullptr, 10);
        if (value > (std::numeric_limits<std::int64_t>::max() - n) / 60)
            fail(mark, fmt::format("The sexagesimal integer '{}' is out of range.", text));
        value = value * 60 + n;
        if (colon == std::string_view::npos)
            break;
        start = colon + 1;
    }
    return Value{negative ? -value : value, mark};
}

Value construct_int(std::string_view text, Mark mark, YamlVersion version) {
    std::string s;
    for (char c : text)
        if (c != '_')
            s += c;
    bool negative = !s.empty() && s[0] == '-';
    std::string_view v = s;
    if (!v.empty() && (v[0] == '-' || v[0] == '+'))
        v.remove_prefix(1);
    if (v == "0")
        return Value{std::int64_t{0}, mark};
    if (v.substr(0, 2) == "0b")
        return integer_value(v.substr(2), 2, negative, mark, text);
    if (v.substr(0, 2) == "0x")
        return integer_value(v.substr(2), 16, negative, mark, text);
    if (v.substr(0, 2) == "0o")
        return integer_value(v.substr(2), 8, negative, mark, text);
    if (version == YamlVersion::v1_1 && !v.empty() && v[0] == '0')
        return integer_value(v, 8, negative, mark, text);
    if (version == YamlVersion::v1_1 && v.find(':') != std::string_view::npos)
        return sexagesimal_value(v, negative, mark);
    if (!all_of(v, is_digit))
        fail(mark, fmt::format("The scalar '{}' cannot be read as an integer (Python's int() fails on "
                               "it).",
                               text));
    return integer_value(v, 10, negative, mark, text);
}

Value construct_float(std::string_view text, Mark mark) {
    std::string s;
    for (char c : text)
        if (c != '_')
            s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    double sign = 1.0;
    std::string_view v = s;
    if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
        sign = v[0] == '-' ? -1.0 : 1.0;
        v.remove_prefix(1);
    }
    if (v == ".inf")
        return Value{sign * std::numeric_limits<double>::infinity(), mark};
    if (v == ".nan")
        return Value{std::numeric_limits<double>::quiet_NaN(), mark};
    auto parse = [&](std::string_view part) {
        // Python's float(): strtod reads the same decimal forms and
        // saturates out of range to inf and 0.0 as Python does.
        std::string number{part};
        char* end = nullptr;
        double d = std::strtod(number.c_str(), &end);
        if (number.empty() || end != number.c_str() + number.size() || number.find_first_of("xXnNiI") != number.npos)
            fail(mark, fmt::format("The scalar '{}' cannot be read as a float (Python's float() fails "
                                   "on it).",
                                   text));
        return d;
    };
    if (v.find(':') != std::string_view::npos) {
        double value = 0;
        std::size_t start = 0;
        while (true) {
            auto colon = v.find(':', start);
            value = value * 60 + parse(v.substr(start, colon == v.npos ? v.npos : colon - start));
            if (colon == v.npos)
                break;
            start = colon + 1;
        }
        return Value{sign * value, mark};
    }
    return Value{sign * parse(v), mark};
}

Value construct_timestamp(const TimestampParts& p, std::string_view text, Mark mark) {
    using namespace std::chrono;
    auto bad = [&](const char* why) {
        fail(mark, fmt::format("The timestamp '{}' is not a valid date ({}); ruamel's safe loader fails "
                               "on it. Quote it if it is meant to be a string.",
                               text, why));
    };
    year_month_day date{year{p.year}, month{static_cast<unsigned>(p.month)}, day{static_cast<unsigned>(p.day)}};
    if (p.year < 1)
        bad("year 0 is out of range");
    if (!date.month().ok())
        bad("month must be in 1..12");
    if (!date.ok())
        bad("day is out of range for month");
    if (!p.has_time)
        return Value{Timestamp{fmt::format("{:04}-{:02}-{:02}", p.year, p.month, p.day), true}, mark};
    if (p.hour > 23)
        bad("hour must be in 0..23");
    if (p.minute > 59)
        bad("minute must be in 0..59");
    if (p.second > 59)
        bad("second must be in 0..59");
    // create_timestamp: six fraction digits, rounded by the seventh.
    std::int64_t fraction = 0;
    bool carry_second = false;
    if (!p.fraction.empty()) {
        std::string six = p.fraction.substr(0, 6);
        six.append(6 - six.size(), '0');
        fraction = std::stoll(six);
        if (p.fraction.size() > 6 && p.fraction[6] > '4')
            ++fraction;
        if (fraction > 999'999) {
            fraction = 0;
            carry_second = true;
        }
    }
    // ruamel's delta, subtracted from the naive time: the offset (with a
    // carried second, sign and all), or minus the carried second.
    seconds offset{0};
    if (p.zone_sign) {
        offset = hours{p.zone_hour} + minutes{p.zone_minute} + seconds{carry_second ? 1 : 0};
        if (p.zone_sign == '-')
            offset = -offset;
    } else if (carry_second) {
        offset = -seconds{1};
    }
    sys_seconds local = sys_days{date} + hours{p.hour} + minutes{p.minute} + seconds{p.second};
    sys_seconds utc = local - offset;
    auto day_point = floor<days>(utc);
    year_month_day utc_date{day_point};
    hh_mm_ss<seconds> time{utc - day_point};
    if (static_cast<int>(utc_date.year()) < 1 || static_cast<int>(utc_date.year()) > 9999)
        bad("the date overflows");
    std::string iso = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(utc_date.year()),
                                  static_cast<unsigned>(utc_date.month()), static_cast<unsigned>(utc_date.day()),
                                  time.hours().count(), time.minutes().count(), time.seconds().count());
    if (fraction)
        iso += fmt::format(".{:06}", fraction);
    return Value{Timestamp{std::move(iso), false}, mark};
}

Value construct_binary(std::string_view text, Mark mark) {
    // base64.decodebytes: characters outside the alphabet are skipped.
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    std::size_t quantum = 0;
    bool padded = false;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80)
            fail(mark, "The !!binary data is not ASCII; it must be base64.");
        int v = -1;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (is_digit(c))
            v = c - '0' + 52;
        else if (c == '+')
            v = 62;
        else if (c == '/')
            v = 63;
        else if (c == '=') {
            padded = true;
            break;
        }
        if (v < 0)
            continue;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        ++quantum;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    if (quantum % 4 == 1 || (quantum % 4 != 0 && !padded))
        fail(mark, "The !!binary data is not valid base64 (incorrect padding).");
    return Value{Bytes{std::move(out)}, mark};
}

} // namespace


Value type_plain_scalar(std::string_view text, Mark mark, YamlVersion version) {
    // ruamel looks its implicit resolvers up by the scalar's first
    // character (add_implicit_resolver's `first`); a scalar that starts with
    // a character none of them lists (most keys and names) is a string.
    static constexpr std::array<bool, 256> resolver_first_character = [] {
        std::array<bool, 256> table{};
        for (char c : std::string_view{"yYnNtTfFoO-+0123456789.<~="})
            table[static_cast<unsigned char>(c)] = true;
        return table;
    }();
    if (!text.empty() && !resolver_first_character[static_cast<unsigned char>(text[0])])
        return Value{std::string{text}, mark};
    // The commonest scalar that is not a string (`num_shards: 4`), read in one
    // pass: only int's resolver takes text of digits alone, and without a
    // leading zero (octal in YAML 1.1) its value is those digits. Eighteen
    // digits always fit in 64 bits.
    if (!text.empty() && text.size() <= 18 && text[0] != '0' && all_of(text, is_digit)) {
        std::int64_t number = 0;
        for (char c : text)
            number = number * 10 + (c - '0');
        return Value{number, mark};
    }
    // In ruamel's order for each first character: bool, float, int, merge,
    // null, timestamp, value.
    if (is_bool(text, version)) {
        char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
        return Value{c == 't' || c == 'y' || (c == 'o' && text.size() == 2), mark};
    }
    if (is_float(text, version))
        return construct_float(text, mark);
    if (is_int(text, version))
        return construct_int(text, mark, version);
    if (text == "<<")
        fail(mark, "A merge key (<<) is only allowed as a mapping key: ruamel has no constructor for "
                   "it as a value. Quote it if it is meant to be a string.");
    if (is_null(text))
        return Value{nullptr, mark};
    if (starts_with_one_of(text, "0123456789"))
        if (auto parts = match_timestamp(text, true))
            return construct_timestamp(*parts, text, mark);
    if (text == "=")
        fail(mark, "A plain '=' is YAML's value key, which ruamel's safe loader cannot construct. Quote "
                   "it if it is meant to be a string.");
    return Value{std::string{text}, mark};
}

Value construct_tagged_scalar(std::string_view type, std::string_view text, Mark mark, YamlVersion version) {
    if (type == "str")
        return Value{std::string{text}, mark};
    if (type == "null")
        return Value{nullptr, mark}; // construct_yaml_null ignores the text
    if (type == "bool") {
        std::string lower{text};
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
        if (lower == "yes" || lower == "y" || lower == "true" || lower == "on")
            return Value{true, mark};
        if (lower == "no" || lower == "n" || lower == "false" || lower == "off")
            return Value{false, mark};
        fail(mark, fmt::format("The scalar '{}' cannot be read as !!bool.", text));
    }
    if (type == "int") {
        if (text.empty())
            fail(mark, "An empty scalar cannot be read as !!int.");
        return construct_int(text, mark, version);
    }
    if (type == "float") {
        if (text.empty())
            fail(mark, "An empty scalar cannot be read as !!float.");
        return construct_float(text, mark);
    }
    if (type == "timestamp") {
        if (auto parts = match_timestamp(text, false))
            return construct_timestamp(*parts, text, mark);
        fail(mark, fmt::format("failed to construct timestamp from \"{}\".", text));
    }
    if (type == "binary")
        return construct_binary(text, mark);
    fail(mark, fmt::format("The tag '!!{}' cannot be used on a scalar: ruamel's safe loader fails on it.",
                           type));
}

} // namespace fairseq2
