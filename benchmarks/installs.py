"""Fresh, non-editable installs of pr-impact for the benchmarks: the working tree's, or a git revision's.

`--against REV` in bench_check, bench_report and bench_engine times REV's pr-impact in the same run
as the working tree's, so a change is measured before and after under the same load.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source(dest: Path, rev: str | None) -> Path:
    """The project's files: the working tree itself (rev None), or `rev`'s tree exported into `dest`."""
    if rev is None:
        return ROOT
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True)
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def install(tmp: Path, rev: str | None = None) -> Path:
    """A fresh venv in `tmp` with pr-impact installed the way users get it (not editable), from the
    working tree or from `rev`; returns its bin directory."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check",
                    str(source(tmp / "src", rev))], check=True, capture_output=True)
    return venv / "bin"
