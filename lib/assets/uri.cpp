#include "fairseq2/assets/uri.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace fairseq2 {
namespace {

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_scheme_char(char c) {
    return is_ascii_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Python's urllib.parse.uses_netloc: the schemes urlunsplit() writes `//` for.
bool uses_netloc(std::string_view scheme) {
    static constexpr std::string_view schemes[] = {
        "",      "ftp",  "http",  "gopher", "nntp", "telnet", "imap",  "wais",    "file",
        "mms",   "https", "shttp", "snews",  "prospero", "rtsp", "rtspu", "rsync", "svn",
        "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss"};
    return std::find(std::begin(schemes), std::end(schemes), scheme) != std::end(schemes);
}

} // namespace

bool is_supported_uri_scheme(std::string_view scheme) noexcept {
    return std::find(supported_uri_schemes.begin(), supported_uri_schemes.end(), scheme) !=
           supported_uri_schemes.end();
}

std::optional<Uri> parse_uri(std::string_view text) {
    // urlsplit() strips leading C0 controls and spaces, and drops every tab
    // and line break.
    std::size_t start = 0;
    while (start < text.size() && static_cast<unsigned char>(text[start]) <= 0x20)
        ++start;
    text.remove_prefix(start);
    // Most locations are paths: without a `:`, there is no scheme to find.
    if (text.find(':') == std::string_view::npos)
        return std::nullopt;
    std::string url;
    // (A loop, not find_first_of, which looks each byte up in the set with
    // a call of its own.)
    if (std::none_of(text.begin(), text.end(), [](char c) { return c == '\t' || c == '\r' || c == '\n'; })) {
        url = text;
    } else {
        for (char c : text)
            if (c != '\t' && c != '\r' && c != '\n')
                url += c;
    }

    Uri uri;
    auto colon = url.find(':');
    if (colon == std::string::npos || colon == 0 || !is_ascii_alpha(url[0]) ||
        !std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon), is_scheme_char))
        return std::nullopt; // no scheme: fairseq2 reads the text as a path
    uri.scheme = url.substr(0, colon);
    std::transform(uri.scheme.begin(), uri.scheme.end(), uri.scheme.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    url.erase(0, colon + 1);

    if (url.compare(0, 2, "//") == 0) {
        auto end = static_cast<std::size_t>(
            std::find_if(url.begin() + 2, url.end(), [](char c) { return c == '/' || c == '?' || c == '#'; }) -
            url.begin());
        uri.netloc = url.substr(2, end - 2);
        url.erase(0, end);
        bool open = uri.netloc.find('[') != std::string::npos;
        bool close = uri.netloc.find(']') != std::string::npos;
        if (open != close)
            return std::nullopt; // "Invalid IPv6 URL": Uri.maybe_parse gives None
    }
    if (auto hash = url.find('#'); hash != std::string::npos) {
        uri.fragment = url.substr(hash + 1);
        url.erase(hash);
    }
    if (auto question = url.find('?'); question != std::string::npos) {
        uri.query = url.substr(question + 1);
        url.erase(question);
    }
    uri.path = std::move(url);
    return uri;
}

std::string Uri::to_string() const {
    // urlunsplit() of Python 3.10 and 3.11, the versions fairseq2 0.8 runs on.
    std::string url = path;
    if (!netloc.empty() || (!scheme.empty() && uses_netloc(scheme) && url.compare(0, 2, "//") != 0)) {
        if (!url.empty() && url[0] != '/')
            url.insert(0, "/");
        url = "//" + netloc + url;
    }
    if (!scheme.empty())
        url = scheme + ":" + url;
    if (!query.empty())
        url += "?" + query;
    if (!fragment.empty())
        url += "#" + fragment;
    return url;
}

namespace {

// Whether pathlib leaves `path` as it is: not empty, no empty or `.` part,
// no trailing `/`, and not three or more slashes at the start (`//` stays).
bool is_normal_path(std::string_view path) noexcept {
    if (path.empty() || path == "/")
        return !path.empty();
    std::size_t i = path.substr(0, 2) == "//" ? 2 : path[0] == '/' ? 1 : 0;
    for (;;) {
        std::size_t slash = path.find('/', i);
        std::string_view part = path.substr(i, slash == std::string_view::npos ? path.npos : slash - i);
        if (part.empty() || part == ".")
            return false;
        if (slash == std::string_view::npos)
            return true;
        i = slash + 1;
    }
}

} // namespace

std::string normalize_path(std::string_view path) {
    if (is_normal_path(path))
        return std::string{path};
    std::string root;
    if (path.substr(0, 2) == "//" && path.substr(0, 3) != "///")
        root = "//"; // POSIX leaves the meaning of exactly two slashes open; pathlib keeps them
    else if (!path.empty() && path[0] == '/')
        root = "/";
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        auto slash = path.find('/', i);
        if (slash == std::string_view::npos)
            slash = path.size();
        std::string_view part = path.substr(i, slash - i);
        if (!part.empty() && part != ".")
            parts.push_back(part);
        i = slash + 1;
    }
    std::string out = root + fmt::format("{}", fmt::join(parts, "/"));
    return out.empty() ? "." : out;
}

std::string join_path(std::string_view base, std::string_view path) {
    if (!path.empty() && path[0] == '/')
        return normalize_path(path);
    return normalize_path(std::string{base} + "/" + std::string{path});
}

std::string file_uri(std::string_view absolute_path) {
    std::string path = normalize_path(absolute_path);
    std::string quoted = "file://";
    quoted.reserve(quoted.size() + path.size());
    for (char c : path) {
        auto byte = static_cast<unsigned char>(c);
        if (is_ascii_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
            c == '~' || c == '/')
            quoted += c;
        else
            quoted += fmt::format("%{:02X}", byte);
    }
    // Path.as_uri() hands its text to Uri.parse, and str() writes it back:
    // the same text for a path with one `/` at its start (`?` and `#` are
    // quoted), another for `//`.
    if (path.size() >= 1 && path[0] == '/' && path.compare(0, 2, "//") != 0)
        return quoted;
    auto uri = parse_uri(quoted);
    return uri ? uri->to_string() : quoted;
}

} // namespace fairseq2
