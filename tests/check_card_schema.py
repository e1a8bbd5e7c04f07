#!/usr/bin/env python3
"""`fairseq2ctl schema cards` checked with python3-jsonschema: it is a valid
draft 2020-12 schema, fairseq2's own cards pass it, and cards with a wrong
family, arch, config field or field type fail it.

  check_card_schema.py FAIRSEQ2CTL CARDS_DIR
"""
import datetime
import json
import pathlib
import subprocess
import sys

import jsonschema
from ruamel.yaml import YAML


def as_json(value):
    """A card as ruamel's safe loader reads it, in JSON's types (as an editor's
    YAML language server hands it to the schema)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def main():
    ctl, cards_dir = sys.argv[1:3]
    schema = json.loads(subprocess.run([ctl, "--no-extensions", "schema", "cards"], check=True,
                                       capture_output=True, text=True).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    yaml = YAML(typ="safe", pure=True)
    checked = 0
    for path in sorted(pathlib.Path(cards_dir).rglob("*.yaml")):
        for card in yaml.load_all(path.read_text()):
            checked += 1
            for error in validator.iter_errors(as_json(card)):
                failures.append(f"{path}: {card.get('name')}: {error.message}")
    if checked < 50:
        failures.append(f"only {checked} built-in cards read")

    bad = {
        "an unknown family": {"name": "a", "model_family": "lama"},
        "an arch of another family": {"name": "a", "model_family": "llama", "model_arch": "qwen25_7b"},
        "a config field of the wrong type": {"name": "a", "model_family": "llama",
                                             "model_config": {"max_seq_len": "long"}},
        "a config field that does not exist": {"name": "a", "model_family": "llama",
                                               "model_config": {"vocab_sise": 1}},
        "a nested config field of the wrong type": {"name": "a", "model_family": "llama",
                                                    "model_config": {"rope_scale": {"factor": "big"}}},
        "a checkpoint that is not a string": {"name": "a", "model_family": "llama", "checkpoint": 42},
        "restrict that is not a bool": {"name": "a", "restrict": "yes"},
        "a name with two @": {"name": "a@b@c"},
        "a base that is an overlay": {"name": "a", "base": "b@user"},
        "no name": {"model_family": "llama"},
    }
    for what, card in bad.items():
        if validator.is_valid(card):
            failures.append(f"a card with {what} passes the schema: {card}")
    good = {
        "an int field given as a string, as int() reads it": {"name": "a", "model_family": "llama",
                                                              "model_config": {"max_seq_len": "8192"}},
        "a float field given as an int": {"name": "a", "model_family": "llama",
                                          "model_config": {"rope_theta": 500000}},
        "an overlay": {"name": "a@user", "checkpoint": "/data/a.pt"},
        "a null override": {"name": "a", "model_family": "llama", "model_config": None},
        "fairseq2's directives": {"name": "a", "model_family": "llama",
                                  "model_config": {"_del_": ["rope_scale"], "_set_": {"vocab_size": 8}}},
    }
    for what, card in good.items():
        for error in validator.iter_errors(card):
            failures.append(f"a card with {what} fails the schema: {error.message}")

    for failure in failures:
        print("FAIL", failure)
    print(f"{checked} built-in cards, {len(bad)} bad and {len(good)} good examples checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
