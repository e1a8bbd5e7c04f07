#!/usr/bin/env python3
"""The output of `assets resolve --all`, text and JSON, on a generated tree
(bench/generate_cards.py, 3,000 cards, clean and with an error in a card of a
hundred) is byte for byte what it was before the speed work of issue 13: its
SHA-256, with the tree's absolute path replaced by <TREE> (and the text's
padding made one space), is the one in
resolve_all.sha256, recorded by the build before that work. A change to the
output that is meant must update that file, and say why in its commit.

usage: check_resolve_all.py FAIRSEQ2CTL GENERATOR WORK_DIR [--record]
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RECORD = os.path.join(HERE, "resolve_all.sha256")
CARDS = 3000


def outputs(ctl, generator, work):
    for variant in ("clean", "errors"):
        tree = os.path.join(work, variant)
        shutil.rmtree(tree, ignore_errors=True)
        extra = ["--errors"] if variant == "errors" else []
        subprocess.run([sys.executable, generator, str(CARDS), tree, *extra], check=True,
                       stdout=subprocess.DEVNULL)
        for fmt in ("text", "json"):
            # Run from WORK_DIR with the tree named relatively, so that the
            # files are named the same wherever the build is.
            run = subprocess.run([os.path.abspath(ctl), "--no-default-cards", "--no-extensions", "--cards",
                                  variant, "assets", "resolve", "--all", "--format", fmt],
                                 capture_output=True, cwd=work)
            text = (run.stdout + b"\n--stderr--\n" + run.stderr + f"\n--exit {run.returncode}--\n".encode())
            # The absolute path of the tree, as __base_path__ holds it.
            text = text.replace(os.path.realpath(tree).encode(), b"<TREE>")
            if fmt == "text":
                # Text tables pad to their widest cell, which the tree's
                # absolute path changes: compare the cells, not the padding.
                text = re.sub(rb" +", b" ", text)
            yield f"{variant} {fmt}", text


def main():
    ctl, generator, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    got = {label: hashlib.sha256(text).hexdigest() for label, text in outputs(ctl, generator, work)}
    if "--record" in sys.argv:
        with open(RECORD, "w") as f:
            for label, digest in got.items():
                f.write(f"{digest}  {label}\n")
        return 0
    want = {}
    with open(RECORD) as f:
        for line in f:
            digest, label = line.rstrip("\n").split("  ", 1)
            want[label] = digest
    failed = [label for label in want if got.get(label) != want[label]]
    for label in want:
        print(f"{'ok  ' if label not in failed else 'FAIL'} {label} {got.get(label)}")
    if failed:
        print(f"the output of `assets resolve --all` changed for: {', '.join(failed)}; "
              f"the outputs are in {work}", file=sys.stderr)
        for label, text in outputs(ctl, generator, work):
            with open(os.path.join(work, label.replace(" ", ".") + ".out"), "wb") as f:
                f.write(text)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
