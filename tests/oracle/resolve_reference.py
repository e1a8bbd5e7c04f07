#!/usr/bin/python3
"""An independent oracle for `fairseq2ctl assets resolve --all`.

It reads a card directory the way fairseq2 does (ruamel's safe loader, YAML
1.2; fairseq2's checks of each document, name and base) and resolves every
card with fairseq2's rules (`user` environment, one overlay, base chain,
leaf-first fields), then compares each asset with what fairseq2ctl prints:
the effective fields and their values, the chain, and the failures. With the
family data, it also builds each card's effective model and tokenizer
configs as fairseq2 does (the arch's config or the defaults, the overrides of
the first of the three keys merged root first) and compares them with
`assets resolve --all --config`.

usage: resolve_reference.py FAIRSEQ2CTL CARD_DIR [FAMILY_DATA_DIR]
"""

import ast
import copy

import json
import math
import os
import subprocess
import sys

from ruamel.yaml import YAML


def load_cards(root):
    yaml = YAML(typ="safe", pure=True)
    source = f"path:{root}"
    cards = {}
    for directory, subdirectories, files in os.walk(root):
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
                break
        chain.append((name, metadata))
        base = metadata.get("base")
        if not isinstance(base, str):
            return chain, None
        name = base


def effective_fields(chain):
    fields = {}
    for _, metadata in chain:
        for key, value in metadata.items():
            fields.setdefault(key, value)
    return fields


OVERRIDE_KEYS = ("_config_overrides", "_config_override", "_config")


def merge(target, source):
    """fairseq2's merge of an override into a config tree."""
    if not isinstance(source, dict) or not isinstance(target, dict):
        return copy.deepcopy(source)
    dropped = set(source.get("_del_", []))
    output = {k: copy.deepcopy(v) for k, v in target.items() if k not in dropped}
    for key, value in source.get("_set_", {}).items():
        output[key] = copy.deepcopy(value)
    for key, value in source.items():
        if key in ("_del_", "_set_"):
            continue
        assert key in output, f"override of unknown field {key}"
        output[key] = merge(output[key], value)
    return output


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
            self.tokenizers = yaml.load(f)["tokenizer_configs"]

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

    def effective(self, kind, chain, fields):
        family = fields.get(f"{kind}_family")
        if family is None:
            return None
        config = self.start(kind, family, fields)
        if config is None:
            return None
        for suffix in OVERRIDE_KEYS:
            overrides = [m[f"{kind}{suffix}"] for _, m in reversed(chain) if f"{kind}{suffix}" in m]
            if overrides:
                for override in overrides:
                    config = merge(config, override)
                break
        return config


def normalize(value):
    """The JSON fairseq2ctl prints for a YAML value."""
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return {math.inf: ".inf", -math.inf: "-.inf"}.get(value, ".nan")
    return json.loads(json.dumps(value))


def main():
    ctl, root = sys.argv[1], os.path.abspath(sys.argv[2])
    families = Families(sys.argv[3]) if len(sys.argv) > 3 else None
    cards = load_cards(root)
    run = subprocess.run(
        [ctl, "--no-default-cards", "--no-extensions", "--env", "", "--cards", root,
         "assets", "resolve", "--all", "--format", "json"] + (["--config"] if families else []),
        capture_output=True, text=True, check=False)
    printed = json.loads(run.stdout)["assets"]

    names = [name[:-1] for name in cards if name.endswith("@")]
    passed = failed = 0
    expect_failure = False

    def check(condition, message):
        nonlocal passed, failed
        if condition:
            passed += 1
        else:
            failed += 1
            print(f"FAIL: {message}")

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
        check(asset.get("chain") == [level for level, _ in chain], f"{name}: chain")
        if families:
            fields = effective_fields(chain)
            for kind, key in (("model", "config"), ("tokenizer", "tokenizer_config")):
                if f"{kind}_family" not in fields:
                    continue
                expected_config = normalize(families.effective(kind, chain, fields))
                check(asset.get(key) == expected_config,
                      f"{name}: {key}\n  fairseq2:    {expected_config}\n  fairseq2ctl: {asset.get(key)}")

    check(run.returncode == (1 if expect_failure else 0),
          f"exit status {run.returncode} (expected {1 if expect_failure else 0})")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
