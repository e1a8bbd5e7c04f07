#!/usr/bin/env python3
"""Runs fairseq2ctl on every worst-case card file (worst_cases.py) and fails
when one costs more than the bounds: `validate cards` and `assets resolve
--all` (text and JSON) each, wall time and peak memory of the process. The
bounds are generous on purpose (the aim is 2 s and 200 MB on 2 cores): they
catch a regression to super-linear work, not a slow machine.

  check_bounds.py FAIRSEQ2CTL DIR [--seconds S] [--megabytes M] [--table]
"""
import argparse
import os
import resource
import subprocess
import sys
import time

COMMANDS = {
    "validate": ["validate", "cards", "{file}"],
    "resolve --all": ["--cards", "{file}", "assets", "resolve", "--all"],
    "resolve --all json": ["--cards", "{file}", "assets", "resolve", "--all", "--format", "json"],
}


def run(ctl, args, timeout):
    """Wall seconds and peak resident megabytes of one run, and its status."""
    start = time.monotonic()
    process = subprocess.Popen([ctl, "--no-default-cards", "--no-extensions", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            return timeout, usage.ru_maxrss / 1024, "timed out"
        time.sleep(0.01)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, f"exit {code}" if code >= 0 else f"signal {-code}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ctl")
    parser.add_argument("directory")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--megabytes", type=float, default=400.0)
    parser.add_argument("--table", action="store_true", help="print every figure")
    args = parser.parse_args()

    failures = []
    for name in sorted(os.listdir(args.directory)):
        path = os.path.join(args.directory, name)
        for label, template in COMMANDS.items():
            command = [part.format(file=path) for part in template]
            seconds, megabytes, outcome = run(args.ctl, command, args.seconds * 3)
            line = f"{name:32} {label:20} {seconds:6.2f} s {megabytes:8.1f} MB  {outcome}"
            if args.table:
                print(line)
            # Exit 0 or 1 (problems found) are answers; anything else is not.
            if outcome not in ("exit 0", "exit 1"):
                failures.append(line + " (not an answer)")
            elif seconds > args.seconds or megabytes > args.megabytes:
                failures.append(line + f" (bound {args.seconds} s, {args.megabytes} MB)")
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
