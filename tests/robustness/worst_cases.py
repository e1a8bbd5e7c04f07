#!/usr/bin/env python3
"""Writes the worst card files of a kind found so far, each at most 1 MB (or
`--size` bytes), into a directory: the inputs that made fairseq2ctl
super-linear or blew its memory or stack. check_bounds.py times them.

  worst_cases.py DIR [--size BYTES]
"""
import argparse
import os


def fill(lines, size, make, start=0):
    """Appends make(i) for i = start, start + 1, ... while the text fits."""
    total = sum(len(l) + 1 for l in lines)
    i = start
    while True:
        piece = make(i)
        if total + len(piece) + 1 > size:
            return i
        lines.append(piece)
        total += len(piece) + 1
        i += 1


def nested_anchors(size):
    # Every level an anchor holding the rest: a copy per anchor costs the
    # square of the file. Flow style, as deep as the bound allows, as wide as
    # the size allows.
    depth = 440
    width = max(1, (size - 2 * depth * 8) // (depth * 3))
    items = ", ".join(["x"] * width)
    text = "".join(f"&a{i} [{items}, " for i in range(depth)) + "end" + "]" * depth
    return ["name: anchors", "v: " + text]


def alias_fan(size):
    # One anchor, aliased as often as the alias budget allows, then refused.
    lines = ["name: fan", "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "b:"]
    fill(lines, size, lambda i: "  - *a")
    return lines


def alias_depth(size):
    # Aliases that nest a value deeper than the parser's own nesting.
    lines = ["name: deep", "d0: &d0 [x]"]
    fill(lines, size, lambda i: f"d{i + 1}: &d{i + 1} [*d{i}, *d{i}]" if i < 40 else f"e{i}: [*d{i % 40}]")
    return lines


def long_chain_with_overlays(size):
    # A chain longer than fairseq2 follows, each card with overlays for its
    # own environment and for `user`.
    lines = ["name: c0", "model_family: llama", "model_arch: llama3_8b"]

    def card(i):
        return (f"---\nname: c{i}\nbase: c{i - 1}\ncheckpoint: ck{i}.pt\n"
                f"---\nname: c{i}@env{i}\nmodel_config:\n  max_seq_len: {i}\n"
                f"---\nname: c{i}@user\nurl: https://x/{i}")

    fill(lines, size, card, start=1)
    return lines


def many_cycles(size):
    # Pairs of cards that are each other's base, each pair with overlays.
    lines = []
    fill(lines, size, lambda i: f"---\nname: a{i}\nbase: b{i}\n---\nname: b{i}\nbase: a{i}\n"
                                f"---\nname: a{i}@env{i % 50}\nurl: u")
    return lines


def missing_bases(size):
    # Every card names a base that does not exist, each a different one.
    lines = []
    fill(lines, size, lambda i: f"---\nname: card_{i:07d}\nbase: missing_base_{i:07d}")
    return lines


def long_names(size):
    # Long names that share a prefix, each with a missing base a typo away.
    prefix = "a_very_long_shared_prefix_of_a_card_name_" * 4
    lines = []
    fill(lines, size, lambda i: f"---\nname: {prefix}{i:06d}\nbase: {prefix}{i:06d}x")
    return lines


def family_bases(size):
    # Every card's base is a family's name: each error wants the family hint.
    lines = ["name: holder", "model_family: llama"]
    fill(lines, size, lambda i: f"---\nname: f{i}\nbase: llama\nmodel_family: llama")
    return lines


def wide_override(size):
    # One override mapping with many keys, merged over the config.
    lines = ["name: wide", "model_family: llama", "model_arch: llama3_8b", "model_config:"]
    fill(lines, size, lambda i: f"  k{i}: {i}")
    return lines


def wide_card(size):
    # One card with very many fields, and an overlay with as many.
    half = size // 2
    lines = ["name: wide"]
    n = fill(lines, half, lambda i: f"f{i}: {i}")
    lines.append("---")
    lines.append("name: wide@user")
    fill(lines, size, lambda i: f"f{i}: {i + 1}")
    return lines


def merge_keys(size):
    # A mapping merged into many others with `<<:` (anchors are per document).
    lines = ["name: merges", "m: &m {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}"]
    fill(lines, size, lambda i: f"v{i}: {{<<: *m, z: {i}}}")
    return lines


def ordered_map(size):
    lines = ["name: omap", "v: !!omap"]
    fill(lines, size, lambda i: f"  - k{i}: {i}")
    return lines


CASES = {
    "nested_anchors": nested_anchors,
    "alias_fan": alias_fan,
    "alias_depth": alias_depth,
    "long_chain_with_overlays": long_chain_with_overlays,
    "many_cycles": many_cycles,
    "missing_bases": missing_bases,
    "long_names": long_names,
    "family_bases": family_bases,
    "wide_override": wide_override,
    "wide_card": wide_card,
    "merge_keys": merge_keys,
    "ordered_map": ordered_map,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)
    for name, make in CASES.items():
        with open(os.path.join(args.directory, name + ".yaml"), "w") as f:
            f.write("\n".join(make(args.size)) + "\n")


if __name__ == "__main__":
    main()
