#!/usr/bin/python3
"""An independent oracle for `fairseq2ctl assets resolve --all`.

It reads a card directory the way fairseq2 0.8.1 does (ruamel's safe loader;
fairseq2's checks of each document, name and base; `path:` sources and
`__base_path__` below the resolved directory, linked directories not
descended) and resolves every card with fairseq2's rules (`user`
environment, one overlay, base chain, leaf-first fields), then compares each
asset with what fairseq2ctl prints: the effective fields and their values,
the chain, the failures, and the URI of each location fairseq2 reads
(AssetCardField.as_uri, computed here with Python's own urllib and pathlib,
`tokenizer_ref` followed). With the family data, it also builds each card's
effective model and tokenizer configs as fairseq2 does (the arch's config or
the defaults; the non-null overrides of the first of the three keys merged
root first with `_del_`, the sibling keys, then `_set_`; `${env:}`
directives; structuring with Python's int() and float()) and compares them
with `assets resolve --all --config`.

usage: resolve_reference.py FAIRSEQ2CTL CARD_DIR [FAMILY_DATA_DIR]
"""

import ast
import base64
import copy
import datetime
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from ruamel.yaml import YAML

from tally import Tally


def load_cards(root):
    yaml = YAML(typ="safe", pure=True)
    source = f"path:{root}"
    cards = {}
    # fairseq2 resolves the source path, then walks it without following
    # linked directories.
    for directory, subdirectories, files in os.walk(os.path.realpath(root)):
        subdirectories.sort()
        for filename in sorted(files):
            if not filename.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(directory, filename)
            with open(path, encoding="utf-8") as stream:
                documents = list(yaml.load_all(stream))
            for index, metadata in enumerate(documents):
                assert isinstance(metadata, dict), f"{path}[{index}] is not a mapping"
                name = metadata.pop("name")
                assert isinstance(name, str) and name, f"{path}[{index}] has a bad name"
                parts = name.split("@")
                assert len(parts) <= 2
                canonical = parts[0].strip() + "@" + (parts[1].strip() if len(parts) == 2 else "")
                base = metadata.get("base")
                if base is not None:
                    assert isinstance(base, str) and "@" not in base and base.strip()
                    metadata["base"] = base.strip()
                metadata["__base_path__"] = directory
                metadata["__source__"] = source
                assert canonical not in cards, f"duplicate {canonical}"
                cards[canonical] = metadata
    return cards


def resolve(cards, name, envs):
    """fairseq2's _do_retrieve_card, returning the chain of merged metadata."""
    chain = []
    leaf = name
    while True:
        metadata = cards.get(f"{name}@")
        if metadata is None:
            if name != leaf:
                return chain, "base-not-found"
            return chain, "asset-not-found"
        metadata = dict(metadata)
        for env in envs:
            overlay = cards.get(f"{name}@{env}")
            if overlay is not None:
                metadata.update(overlay)
                metadata[OVERLAY] = f"{name}@{env}"
                break
        chain.append((name, metadata))
        base = metadata.get("base")
        if not isinstance(base, str):
            return chain, None
        name = base


# Where resolve() notes the overlay merged into a level (not a card field).
OVERLAY = object()


def effective_fields(chain):
    fields = {}
    for _, metadata in chain:
        for key, value in metadata.items():
            if key is not OVERLAY:
                fields.setdefault(key, value)
    return fields


def chain_names(chain):
    """fairseq2ctl's `chain`: each link's overlay, then its card."""
    names = []
    for name, metadata in chain:
        if OVERLAY in metadata:
            names.append(metadata[OVERLAY])
        names.append(name)
    return names


OVERRIDE_KEYS = ("_config_overrides", "_config_override", "_config")

SCHEMES = {"file", "s3", "hg", "http", "https"}


def location(chain, field):
    """AssetCardField.as_uri() of the effective `field`, and the scheme check."""
    value = effective_fields(chain).get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        return "field-type"
    uri = urlparse(value)
    if uri.scheme:
        text = urlunparse(uri)
    else:
        path = Path(value)
        if not path.is_absolute():
            # The card asked for, after its overlay: the leaf's merged metadata.
            path = Path(chain[0][1]["__base_path__"]).joinpath(path)
        text = urlunparse(urlparse(path.as_uri()))
    return text if urlparse(text).scheme in SCHEMES else "invalid-uri"


def tokenizer_chain(cards, chain):
    """resolve_tokenizer_reference, with the default environments."""
    seen = set()
    while True:
        ref = effective_fields(chain).get("tokenizer_ref")
        if ref is None:
            return chain
        assert isinstance(ref, str) and ref not in seen, "bad tokenizer_ref"
        seen.add(ref)
        chain, error = resolve(cards, ref, ["user"])
        assert error is None, f"tokenizer_ref {ref}: {error}"


def merge(target, source):
    """fairseq2's StandardConfigMerger.merge, from utils/config.py."""
    if not isinstance(source, dict):
        return copy.deepcopy(source)
    if not isinstance(target, dict):
        target = {}
    dropped = set(source.get("_del_") or [])
    output = {k: copy.deepcopy(v) for k, v in target.items() if k not in dropped}
    for key, value in source.items():
        if key in ("_del_", "_set_"):
            continue
        if not isinstance(value, dict):
            output[key] = copy.deepcopy(value)
        else:
            output[key] = merge(output.get(key) if isinstance(output.get(key), dict) else {}, value)
    for key, value in (source.get("_set_") or {}).items():
        output[key] = copy.deepcopy(value)
    return output


ENV_DIRECTIVE = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")


def expand(value):
    """StandardConfigProcessor with ReplaceEnvDirective."""
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, str):
        return ENV_DIRECTIVE.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), value)
    return value


def structure(value, declared, configs):
    """fairseq2's StandardValueConverter.structure for the declared types of
    the family data, with Python's own int() and float()."""
    declared = declared.strip()
    if declared.endswith("| None"):
        return None if value is None else structure(value, declared[:-6], configs)
    if declared == "int":
        return value if isinstance(value, int) else int(value)
    if declared == "float":
        return value if isinstance(value, float) else float(value)
    if declared.startswith(("list[", "tuple[", "set[")):
        inner = declared[declared.index("[") + 1:-1]
        items = [x.strip() for x in split_types(inner)]
        if len(items) == 2 and items[1] == "...":
            items = items[:1]
        if len(items) == 1:
            return [structure(v, items[0], configs) for v in value]
        return [structure(v, t, configs) for v, t in zip(value, items)]
    if declared in configs:
        fields = configs[declared]
        output = {k: structure(v, fields[k]["type"], configs) if k in fields else v for k, v in value.items()}
        for k, field in fields.items():  # a field the mapping lacks takes its default
            if k not in output and "default" in field:
                output[k] = default_of(field, configs)
        return output
    return value


def default_of(field, configs):
    """A declared default: a literal, an expression (`4096 * 4`), or a
    factory (`lambda()`: the nested config's defaults, or an empty list)."""
    text = field["default"]
    if text == "lambda()":
        declared = field["type"].strip()
        if declared in configs:
            return structure({}, declared, configs)
        return []
    return eval(text, {"__builtins__": {}})  # the family data's own literals


def split_types(text):
    depth, start, parts = 0, 0, []
    for i, c in enumerate(text):
        depth += c == "["
        depth -= c == "]"
        if c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def enum_names(tree):
    """Configs hold TransformerNormOrder by name (POST = 0, PRE = 1)."""
    if isinstance(tree, dict):
        return {k: (["POST", "PRE"][v] if k == "norm_order" and isinstance(v, int) else enum_names(v))
                for k, v in tree.items()}
    if isinstance(tree, list):
        return [enum_names(v) for v in tree]
    return tree


class Families:
    def __init__(self, data_dir):
        yaml = YAML(typ="safe", pure=True)
        with open(os.path.join(data_dir, "fairseq2-archs.yaml"), encoding="utf-8") as f:
            self.models = yaml.load(f)["model_families"]
        with open(os.path.join(data_dir, "fairseq2-families.yaml"), encoding="utf-8") as f:
            declared = yaml.load(f)
        self.tokenizers = declared["tokenizer_configs"]
        self.model_types = declared["model_families"]

    def start(self, kind, family, fields):
        """The config before overrides, or None for a family without one."""
        if kind == "model":
            data = self.models[family]
            arch = fields.get("model_arch")
            config = data["archs"][arch] if arch is not None else data["default"]
            return enum_names(copy.deepcopy(config))
        declared = self.tokenizers.get(family)
        if kind != "tokenizer" or declared is None:
            return None
        config = {}
        for name, field in declared["fields"].items():
            text = field["default"]
            config[name] = [] if text == "lambda()" else ast.literal_eval(text)
        return config

    def types(self, kind, family):
        """The declared config type and the field types of each config class."""
        if kind == "model":
            data = self.model_types[family]
            return data["config"], data["configs"]
        data = self.tokenizers[family]
        return data["config"], {data["config"]: data["fields"]}

    def effective(self, kind, chain, fields):
        family = fields.get(f"{kind}_family")
        if family is None:
            return None
        config = self.start(kind, family, fields)
        if config is None:
            return None
        for suffix in OVERRIDE_KEYS:
            key = f"{kind}{suffix}"
            overrides = [m[key] for _, m in reversed(chain) if m.get(key) is not None]
            if overrides:
                for override in overrides:
                    config = expand(merge(config, override))
                break
        name, configs = self.types(kind, family)
        return structure(config, name, configs)


def printable(value):
    """fairseq2ctl's JSON for the Python types JSON lacks: dates as
    isoformat(), bytes in base64, sets as lists; inf and nan as YAML spells
    them."""
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return {math.inf: ".inf", -math.inf: "-.inf"}.get(value, ".nan")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (set, tuple, list)):
        return [printable(v) for v in value]
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    return value


def normalize(value):
    """The JSON fairseq2ctl prints for a YAML value."""
    return json.loads(json.dumps(printable(value)))


def fairseq2_listing(cards):
    """The text of fairseq2's `assets list` (assets/cli.py): every canonical
    name, overlays too, retrieved with its own environment only, grouped by
    the retrieved card's __source__, entries and sources sorted."""
    groups = {}
    for name in cards:
        base, env = name.split("@")
        chain, error = resolve(cards, base, [env] if env else [])
        if error:
            continue  # "Base card of ... not found" / "... cannot be loaded. Skipping."
        fields = effective_fields(chain)
        source = fields.get("__source__")
        if not isinstance(source, str):
            source = "unknown source"
        kinds = [k for k in ("model", "dataset", "tokenizer") if f"{k}_family" in fields] or ["other"]
        groups.setdefault(source, []).extend(f"{k}:{name}" for k in kinds)
    lines = []
    for source in sorted(groups):
        lines.append(f"  {source}")
        lines.extend(f"   - {entry}" for entry in sorted(groups[source]))
        lines.append("")
    if not groups:
        lines += ["  n/a", ""]
    return "\n".join(lines) + "\n"


def main():
    ctl, root = sys.argv[1], os.path.abspath(sys.argv[2])
    families = Families(sys.argv[3]) if len(sys.argv) > 3 else None
    cards = load_cards(root)
    # A variable the tricky cards' ${env:} directives read, for both sides.
    os.environ["FAIRSEQ2_ORACLE_DIM"] = "640"
    run = subprocess.run(
        [ctl, "--no-default-cards", "--no-extensions", "--env", "", "--cards", root,
         "assets", "resolve", "--all", "--format", "json"] + (["--config"] if families else []),
        capture_output=True, text=True, check=False)
    printed = json.loads(run.stdout)["assets"]

    names = [name[:-1] for name in cards if name.endswith("@")]
    tally = Tally()
    check = tally.check
    expect_failure = False

    check(sorted(printed) == sorted(names), "fairseq2ctl resolves exactly the cards fairseq2 has")
    for name in names:
        chain, error = resolve(cards, name, ["user"])
        asset = printed.get(name, {})
        if error:
            expect_failure = True
            code = asset.get("error", {}).get("code")
            check(code == error, f"{name}: fails with {error} (fairseq2ctl: {code})")
            continue
        check("fields" in asset, f"{name}: resolves ({asset.get('error')})")
        expected = {key: normalize(value) for key, value in effective_fields(chain).items()}
        check(asset.get("fields") == expected,
              f"{name}: effective fields\n  fairseq2:    {expected}\n  fairseq2ctl: {asset.get('fields')}")
        check(asset.get("chain") == chain_names(chain), f"{name}: chain")
        fields = effective_fields(chain)
        tokenizer = tokenizer_chain(cards, chain)
        expected_locations = {}
        if "model_family" in fields:
            expected_locations["checkpoint"] = location(chain, "checkpoint")
        if "tokenizer_family" in effective_fields(tokenizer):
            expected_locations["tokenizer"] = location(tokenizer, "tokenizer")
        printed_locations = {
            field: entry.get("uri", entry.get("error", {}).get("code"))
            for field, entry in asset.get("locations", {}).items()}
        expected_locations = {k: v for k, v in expected_locations.items() if v is not None}
        if any(v in ("field-type", "invalid-uri") for v in expected_locations.values()):
            expect_failure = True
        check(printed_locations == expected_locations,
              f"{name}: locations\n  fairseq2:    {expected_locations}\n  fairseq2ctl: {printed_locations}")
        if families:
            for kind, key, holder in (("model", "config", chain), ("tokenizer", "tokenizer_config", tokenizer)):
                holder_fields = effective_fields(holder)
                if f"{kind}_family" not in holder_fields:
                    continue
                expected_config = normalize(families.effective(kind, holder, holder_fields))
                check(asset.get(key) == expected_config,
                      f"{name}: {key}\n  fairseq2:    {expected_config}\n  fairseq2ctl: {asset.get(key)}")

    listing = subprocess.run(
        [ctl, "--no-default-cards", "--no-extensions", "--env", "", "--cards", root, "assets", "list"],
        capture_output=True, text=True, check=False)
    expected_listing = fairseq2_listing(cards)
    check(listing.stdout == expected_listing and listing.returncode == 0,
          f"assets list, line for line (exit {listing.returncode})\n--- fairseq2:\n{expected_listing}"
          f"--- fairseq2ctl:\n{listing.stdout}")

    check(run.returncode == (1 if expect_failure else 0),
          f"exit status {run.returncode} (expected {1 if expect_failure else 0})")
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
