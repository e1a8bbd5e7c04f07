#!/usr/bin/python3
"""`validate cards --format sarif` against the SARIF 2.1.0 schema (the part
fairseq2ctl writes) with python3-jsonschema, and `--format junit` against the
JUnit XML schema with xmllint, on a tree with errors, warnings, a whole-file
problem and characters that need escaping.

usage: check_report_schemas.py FAIRSEQ2CTL SCHEMA_DIR
"""

import json
import os
import subprocess
import sys
import tempfile

import jsonschema


def main():
    ctl, schemas = os.path.abspath(sys.argv[1]), sys.argv[2]
    failed = 0
    with tempfile.TemporaryDirectory() as tree:
        files = {
            "bad <&> \"quoted\".yaml": "name: a\nbase: gone\nmodel_family: lama\n",
            "syntax.yaml": "name: [\n",
            "binary.yaml": "\x01\x02",
            "warn.yaml": "name: lonely@user\n",
            "good.yaml": "name: fine\n",
        }
        for name, text in files.items():
            with open(os.path.join(tree, name), "w", encoding="utf-8") as f:
                f.write(text)
        base = [ctl, "--no-default-cards", "--no-extensions", "validate", "cards", tree]

        sarif = subprocess.run(base + ["--format", "sarif"], capture_output=True, text=True, check=False)
        document = json.loads(sarif.stdout)
        with open(os.path.join(schemas, "sarif-2.1.0-subset.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        try:
            jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
        except jsonschema.ValidationError as error:
            failed += 1
            print(f"FAIL: SARIF does not validate: {error.message} at {list(error.path)}")
        results = document["runs"][0]["results"]
        rules = [rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]]
        for result in results:
            if rules[result["ruleIndex"]] != result["ruleId"]:
                failed += 1
                print(f"FAIL: ruleIndex of {result['ruleId']}")
        if sarif.returncode != 1 or len(results) < 4:
            failed += 1
            print(f"FAIL: SARIF run: exit {sarif.returncode}, {len(results)} results")

        junit = subprocess.run(base + ["--format", "junit"], capture_output=True, text=True, check=False)
        report = os.path.join(tree, "report.xml")
        with open(report, "w", encoding="utf-8") as f:
            f.write(junit.stdout)
        lint = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(schemas, "junit.xsd"), report],
                              capture_output=True, text=True, check=False)
        if lint.returncode != 0:
            failed += 1
            print(f"FAIL: JUnit does not validate:\n{lint.stderr}")
    print(f"{2 - min(failed, 2)} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
