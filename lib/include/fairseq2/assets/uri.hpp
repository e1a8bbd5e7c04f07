// URIs and paths as fairseq2 reads a card's location fields: its `Uri` class
// (Python's urlsplit/urlunsplit), pathlib's joining of a relative path and
// `Path.as_uri()`.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace fairseq2 {

// The schemes fairseq2 0.8.1's download managers open: `file` and `s3`
// (LocalAssetDownloadManager), `hg` (HuggingFaceHub), `http` and `https`
// (StandardAssetDownloadManager). Any other scheme, `gs` included, fails.
inline constexpr std::array<std::string_view, 5> supported_uri_schemes = {"file", "s3", "hg", "http",
                                                                          "https"};

bool is_supported_uri_scheme(std::string_view scheme) noexcept;

// A URI split as Python's urlsplit() splits it.
struct Uri {
    std::string scheme; // lower-cased
    std::string netloc;
    std::string path;
    std::string query;
    std::string fragment;

    // urlunsplit(): what fairseq2 prints and opens (`str(uri)`).
    std::string to_string() const;
};

// fairseq2's `Uri.maybe_parse`: a URI when the text has a scheme (an ASCII
// letter, then letters, digits, `+`, `-` or `.`, then `:`), else nothing.
// Like Python, a bracket that is not closed in the network location makes the
// text no URI at all.
std::optional<Uri> parse_uri(std::string_view text);

// A POSIX path as pathlib normalises it: empty and `.` parts dropped, `..`
// kept, a trailing `/` dropped, `.` for nothing.
std::string normalize_path(std::string_view path);

// pathlib's `base.joinpath(path)`: `path` itself when it is absolute.
std::string join_path(std::string_view base, std::string_view path);

// `Path.as_uri()` of an absolute path: `file://` and the path with every byte
// but letters, digits, `_.-~/` percent-encoded.
std::string file_uri(std::string_view absolute_path);

} // namespace fairseq2
