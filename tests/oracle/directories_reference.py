#!/usr/bin/python3
"""An independent oracle for the well-known card directories.

For a set of environments, it finds the system and user card directories the
way fairseq2 0.8.1's StandardAssetDirectoryAccessor (assets/dirs.py) does,
with Python's own pathlib (`Path(value).expanduser().resolve()`, a variable
set to the empty string being the current directory, a variable that names a
missing directory warned about and replaced by the default), and its cache
directory (`FAIRSEQ2_CACHE_DIR`, `XDG_CACHE_HOME`), then compares them with
`fairseq2ctl info --format json` and the warnings it prints.

usage: directories_reference.py FAIRSEQ2CTL
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tally import Tally


def from_env(env, name, sub=None):
    value = env.get(name)
    if value is None:
        return None
    path = Path(value)
    if sub is not None:
        path = path.joinpath(sub)
    return path.expanduser().resolve()


def well_known(env, name, default, fallback=None):
    """maybe_get_system_dir / maybe_get_user_dir: (path, exists, warned)."""
    path = from_env(env, name)
    warned = False
    if path is not None and not path.exists():
        warned = True
        path = None
    if path is None:
        path = fallback if fallback is not None else Path(default).expanduser().resolve()
    return str(path), path.exists(), warned


def expected(env):
    system = well_known(env, "FAIRSEQ2_ASSET_DIR", "/etc/fairseq2/assets")
    xdg = from_env(env, "XDG_CONFIG_HOME", "fairseq2/assets")
    user = well_known(env, "FAIRSEQ2_USER_ASSET_DIR", "~/.config/fairseq2/assets", xdg)
    cache = from_env(env, "FAIRSEQ2_CACHE_DIR")
    if cache is None:
        cache = from_env(env, "XDG_CACHE_HOME", "fairseq2/assets")
    if cache is None:
        cache = Path("~/.cache/fairseq2/assets").expanduser().resolve()
    return system, user, str(cache)


def main():
    ctl = os.path.abspath(sys.argv[1])
    tally = Tally()
    check = tally.check

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "home/.config/fairseq2/assets").mkdir(parents=True)
        (work / "system").mkdir()
        (work / "xdg/fairseq2/assets").mkdir(parents=True)
        (work / "cwd").mkdir()
        (work / "link").symlink_to(work / "system")
        base = {"HOME": str(work / "home"), "PATH": os.environ.get("PATH", "")}
        scenarios = {
            "defaults": {},
            "variables": {"FAIRSEQ2_ASSET_DIR": str(work / "system"),
                          "FAIRSEQ2_USER_ASSET_DIR": "~/.config"},
            "a link is resolved": {"FAIRSEQ2_ASSET_DIR": str(work / "link")},
            "missing directories fall back": {"FAIRSEQ2_ASSET_DIR": str(work / "nope"),
                                              "FAIRSEQ2_USER_ASSET_DIR": str(work / "nope2"),
                                              "XDG_CONFIG_HOME": str(work / "xdg")},
            "empty variables are the current directory": {"FAIRSEQ2_ASSET_DIR": "",
                                                          "XDG_CONFIG_HOME": ""},
            "cache directories": {"XDG_CACHE_HOME": str(work / "cache")},
            "fairseq2's cache variable": {"FAIRSEQ2_CACHE_DIR": "~/c", "XDG_CACHE_HOME": "/x"},
        }
        for title, variables in scenarios.items():
            env = dict(base, **variables)
            old, old_home = os.getcwd(), os.environ["HOME"]
            os.chdir(work / "cwd")
            os.environ["HOME"] = env["HOME"]  # for expanduser()
            try:
                (system, user, cache) = expected(env)
                run = subprocess.run([ctl, "--no-extensions", "info", "--format", "json"],
                                     capture_output=True, text=True, env=env, check=False)
            finally:
                os.chdir(old)
                os.environ["HOME"] = old_home
            info = json.loads(run.stdout)
            sources = info["sources"]
            for (path, exists, warned), source, what in ((system, sources[1], "system"),
                                                         (user, sources[2], "user")):
                check(source["path"] == path, f"{title}: {what} directory {source['path']} (fairseq2: {path})")
                check(source["missing"] == (not exists), f"{title}: {what} directory exists: {exists}")
                variable = "FAIRSEQ2_ASSET_DIR" if what == "system" else "FAIRSEQ2_USER_ASSET_DIR"
                check(("environment variable is not found" in run.stderr and variable in run.stderr) == warned
                      or (not warned and variable not in run.stderr),
                      f"{title}: {what} warning {warned}\n{run.stderr}")
            check(info["cache_directories"]["fairseq2"]["path"] == cache,
                  f"{title}: cache {info['cache_directories']['fairseq2']['path']} (fairseq2: {cache})")
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())
