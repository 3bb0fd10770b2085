"""Refresh the Action's hashed lock files (lock/) from pyproject.toml with `uv pip compile --universal`.

Two files, both exact versions with the sha256 of every file each version has on the index:
- lock/action.txt: pyproject.toml's runtime dependencies and everything they need, for every
  Python >= 3.11 and every platform at once (`--universal` writes environment markers instead
  of resolving for the machine it runs on, which pip-tools cannot do);
- lock/uv.txt: the uv the Action fetches when none is on PATH to install lock/action.txt.

Then it checks that every locked package has a binary wheel for each runner image's platform
and each supported Python (the Action installs wheels only), and fails naming the ones that do not.

Run from anywhere, with uv installed (`pip install -e '.[test]'` brings it):
    python scripts/lock.py            # keep the current pins where pyproject.toml still allows them
    python scripts/lock.py --upgrade  # take the newest allowed versions
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = Path("lock")
COMMAND = "python scripts/lock.py"
# The Python versions and platforms of GitHub's runner images (uv's platform names).
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
PLATFORMS = ("x86_64-manylinux_2_28", "aarch64-manylinux_2_28", "x86_64-apple-darwin", "aarch64-apple-darwin",
             "x86_64-pc-windows-msvc")


def uv() -> str:
    """The uv executable: the `uv` package's, else the one on PATH."""
    try:
        from uv import find_uv_bin  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        found = shutil.which("uv")
        if found is None:
            raise SystemExit("lock.py needs uv: pip install -e '.[test]' (or pip install uv)") from None
        return found
    return str(find_uv_bin())


def compile_lock(source: str, output: Path, upgrade: bool, *extra: str) -> None:
    """`uv pip compile` `source` into `output` with hashes for every platform, from the repository root."""
    command = [uv(), "pip", "compile", source, "--universal", "--generate-hashes", "--python-version", PYTHONS[0],
               "--custom-compile-command", COMMAND, "--quiet", "-o", str(output), *extra]
    if upgrade:
        command.append("--upgrade")
    subprocess.run(command, cwd=ROOT, check=True)


def wheel_gaps(lock: Path) -> list[str]:
    """The (platform, Python) pairs for which some package in `lock` has no wheel."""
    gaps = []
    for platform in PLATFORMS:
        for python in PYTHONS:
            result = subprocess.run(
                [uv(), "pip", "compile", str(lock), "--python-platform", platform, "--python-version", python,
                 "--only-binary", ":all:", "--no-header", "--quiet", "-o", os.devnull],
                cwd=ROOT, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                reason = next((line for line in result.stderr.splitlines() if "because" in line.lower()), "")
                gaps.append(f"{platform} Python {python}: {reason.strip()}")
    return gaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--upgrade", action="store_true", help="take the newest versions pyproject.toml allows")
    args = parser.parse_args()
    compile_lock("pyproject.toml", LOCK / "action.txt", args.upgrade, "-c", str(LOCK / "constraints.txt"))
    compile_lock(str(LOCK / "uv.in"), LOCK / "uv.txt", args.upgrade)
    gaps = [f"{name}: {gap}" for name in ("action.txt", "uv.txt") for gap in wheel_gaps(ROOT / LOCK / name)]
    if gaps:
        print("no wheel for:\n  " + "\n  ".join(gaps), file=sys.stderr)
        print("pin the package below the release that dropped the wheel in lock/constraints.txt", file=sys.stderr)
        raise SystemExit(1)
    print(f"locked {LOCK / 'action.txt'} and {LOCK / 'uv.txt'}: wheels for {len(PLATFORMS)} platforms "
          f"x Python {', '.join(PYTHONS)}")


if __name__ == "__main__":
    main()
