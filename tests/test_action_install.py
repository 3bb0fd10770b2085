"""action.yml's install and classify steps, run by bash as the runner runs them, offline.

Wheels built here in a folder stand in for the package index (pip and uv are pointed at it and
kept off the network); the uv inside the stand-in uv wheel is the real one from the `uv` package.
The real install from the index is in benchmarks/bench_install.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from uv import find_uv_bin

from tests.commands.test_action import parse_outputs
from tests.commands.test_action_e2e import TOKEN, event, serving_pr12
from tests.fake_github import FakeGitHub

ROOT = Path(__file__).resolve().parent.parent
ACTION = YAML(typ="safe", pure=True).load((ROOT / "action.yml").read_text(encoding="utf-8"))
UV_VERSION = next(line for line in (ROOT / "lock/uv.in").read_text(encoding="utf-8").splitlines()
                  if line.startswith("uv==")).removeprefix("uv==")


def step(step_id: str) -> Any:
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)


def build_wheel(folder: Path, name: str, version: str, files: dict[str, bytes], requires: str = "") -> Path:
    """A minimal wheel `name`-`version`-py3-none-any holding `files`."""
    dist_info = f"{name}-{version}.dist-info"
    files = {**files,
             f"{dist_info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{requires}".encode(),
             f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = [f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
              f"{len(data)}" for path, data in files.items()]
    files[f"{dist_info}/RECORD"] = "\n".join([*record, f"{dist_info}/RECORD,,", ""]).encode()
    path = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name_in_zip, data in files.items():
            archive.writestr(name_in_zip, data)
    return path


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The stand-in index: demo_pkg 1.0 (which asks for demo_dep), a newer demo_pkg 2.0, demo_dep, and uv."""
    folder = tmp_path_factory.mktemp("index")
    return {
        "demo 1.0": build_wheel(folder, "demo_pkg", "1.0", {"demo_pkg/__init__.py": b"VALUE = 'locked'\n"},
                                requires="Requires-Dist: demo_dep\n"),
        "demo 2.0": build_wheel(folder, "demo_pkg", "2.0", {"demo_pkg/__init__.py": b"VALUE = 'newer'\n"}),
        "dep": build_wheel(folder, "demo_dep", "1.0", {"demo_dep/__init__.py": b""}),
        "uv": build_wheel(folder, "uv", UV_VERSION,
                          {f"uv-{UV_VERSION}.data/scripts/uv": Path(find_uv_bin()).read_bytes()}),
    }


def run_install(tmp: Path, index: dict[str, Path], lock: str, uv_lock: str | None = None, uv_on_path: bool = False,
                python: Path | None = None, home: Path | None = None, pip_links: Path | None = None,
                cwd: Path | None = None) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run the install step with `lock` as lock/action.txt; return the process and its RUNNER_TEMP.

    `tmp` holds this run's action folder, RUNNER_TEMP and PATH; `home` (default: in `tmp`) its caches;
    pip looks for wheels in `pip_links` (default: the stand-in index), uv in the stand-in index.
    The step starts in `cwd` (default: `tmp`), as a runner starts it in the workspace.
    """
    action_path, temp, bin_dir, home = tmp / "action", tmp / "runner-temp", tmp / "bin", home or tmp / "home"
    for folder in (action_path / "lock", action_path / "scripts", temp, bin_dir):
        folder.mkdir(parents=True)
    home.mkdir(exist_ok=True)
    shutil.copy(ROOT / "scripts/action_uv.py", action_path / "scripts")
    (action_path / "lock/action.txt").write_text(lock, encoding="utf-8")
    uv_lock = uv_lock or f"uv=={UV_VERSION} --hash={sha256(index['uv'])}\n"
    (action_path / "lock/uv.txt").write_text(uv_lock, encoding="utf-8")
    (bin_dir / "python3").symlink_to(python or sys.executable)
    if uv_on_path:
        (bin_dir / "uv").symlink_to(find_uv_bin())
    system = [d for d in ("/usr/local/bin", "/usr/bin", "/bin") if not Path(d, "uv").exists()]
    (temp / "output").write_text("", encoding="utf-8")
    wheels = str(index["uv"].parent)
    env = {"PATH": os.pathsep.join([str(bin_dir), *system]), "HOME": str(home), "RUNNER_TEMP": str(temp),
           "RUNNER_OS": "Linux", "GITHUB_OUTPUT": str(temp / "output"), "ACTION_PATH": str(action_path),
           "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(pip_links or wheels),
           "PIP_CACHE_DIR": str(home / "pip"), "UV_OFFLINE": "1", "UV_FIND_LINKS": wheels,
           "UV_CACHE_DIR": str(home / "uv"), "UV_NO_CONFIG": "1"}
    script = tmp / "install.sh"
    script.write_text(step("install")["run"], encoding="utf-8")
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=env, cwd=cwd or tmp,
                          capture_output=True, text=True, timeout=120, check=False)
    return proc, temp


def installed(temp: Path) -> set[str]:
    lib = temp / "pr-impact/lib"
    return {p.name for p in lib.iterdir() if not p.name.startswith(".")} if lib.exists() else set()


def test_the_step_installs_exactly_the_locked_hashed_packages(tmp_path: Path, index: dict[str, Path]) -> None:
    proc, temp = run_install(tmp_path, index, f"demo-pkg==1.0 \\\n    --hash={sha256(index['demo 1.0'])}\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The pinned version, not the newer one the index has, and not the dependency the lock leaves out.
    assert installed(temp) == {"demo_pkg", "demo_pkg-1.0.dist-info"}
    outputs = dict(line.split("=", 1) for line in (temp / "output").read_text(encoding="utf-8").splitlines())
    assert outputs["python"] == str(tmp_path / "bin/python3")
    assert outputs["path"] == os.pathsep.join([str(tmp_path / "action"), str(temp / "pr-impact/lib")])
    assert (temp / "pr-impact/bin/uv").exists()  # unpacked from the hashed wheel pip fetched
    found = subprocess.run([outputs["python"], "-S", "-c", "import demo_pkg; print(demo_pkg.VALUE)"],
                           env={"PYTHONPATH": outputs["path"]}, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "locked"


@pytest.mark.parametrize("case", ["no hash", "not pinned", "wrong hash"])
def test_the_step_fails_on_an_unpinned_or_unhashed_lock(tmp_path: Path, index: dict[str, Path], case: str) -> None:
    lock = {"no hash": "demo-pkg==1.0\n",
            "not pinned": f"demo-pkg>=1.0 --hash={sha256(index['demo 1.0'])}\n",
            "wrong hash": f"demo-pkg==1.0 --hash={sha256(index['demo 2.0'])}\n"}[case]
    proc, temp = run_install(tmp_path, index, lock, uv_on_path=True)  # how uv is obtained is tested below
    assert proc.returncode != 0
    reason = {"no hash": "must have a hash", "not pinned": "pinned with `==`", "wrong hash": "Hash mismatch"}[case]
    assert reason in proc.stderr
    assert installed(temp) == set()
    assert (temp / "output").read_text(encoding="utf-8") == ""


def test_the_step_refuses_a_uv_wheel_whose_hash_is_not_locked(tmp_path: Path, index: dict[str, Path]) -> None:
    lock = f"demo-pkg==1.0 --hash={sha256(index['demo 1.0'])}\n"
    proc, temp = run_install(tmp_path, index, lock, uv_lock=f"uv=={UV_VERSION} --hash={sha256(index['dep'])}\n")
    assert proc.returncode != 0
    assert not (temp / "pr-impact/bin").exists() and installed(temp) == set()


def test_the_step_uses_the_uv_on_path_when_there_is_one(tmp_path: Path, index: dict[str, Path]) -> None:
    lock = f"demo-pkg==1.0 --hash={sha256(index['demo 1.0'])}\n"
    proc, temp = run_install(tmp_path, index, lock, uv_lock="uv==0.0.0 --hash=sha256:" + "0" * 64 + "\n",
                             uv_on_path=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert installed(temp) == {"demo_pkg", "demo_pkg-1.0.dist-info"}
    assert not (tmp_path / "home/.cache/pr-impact").exists()


def test_a_second_run_unpacks_the_kept_uv_wheel_and_checks_its_hash(tmp_path: Path, index: dict[str, Path]) -> None:
    lock, home = f"demo-pkg==1.0 --hash={sha256(index['demo 1.0'])}\n", tmp_path / "home"
    assert run_install(tmp_path / "first", index, lock, home=home)[0].returncode == 0
    [kept] = (home / ".cache/pr-impact").glob("*/uv-*.whl")
    assert sha256(kept) == sha256(index["uv"])
    kept.write_bytes(index["dep"].read_bytes())  # tampered: pip fetches the locked wheel again
    proc, temp = run_install(tmp_path / "second", index, lock, home=home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sha256(kept) == sha256(index["uv"])
    (tmp_path / "empty").mkdir()  # pip finds nothing now: the kept wheel must do
    proc, temp = run_install(tmp_path / "third", index, lock, home=home, pip_links=tmp_path / "empty")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert installed(temp) == {"demo_pkg", "demo_pkg-1.0.dist-info"}


def test_the_step_asks_for_python_3_11_when_python3_is_older(tmp_path: Path, index: dict[str, Path]) -> None:
    old = tmp_path / "old-python"
    old.write_text("#!/bin/sh\necho 'Python 3.10.12'\nexit 1\n", encoding="utf-8")
    old.chmod(0o755)
    proc, temp = run_install(tmp_path, index, "", python=old)
    assert proc.returncode == 1
    assert "::error title=pr-impact::pr-impact needs Python 3.11 or newer as python3" in proc.stdout
    assert installed(temp) == set()


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with serving_pr12() as server:
        yield server


def run_classify(gh: FakeGitHub, tmp_path: Path, cwd: Path, extra: dict[str, str] | None = None,
                 ) -> subprocess.CompletedProcess[str]:
    """Run the classify step from `cwd` on PR #12 of the fake, pr-impact from this checkout and its venv."""
    (tmp_path / "event.json").write_text(json.dumps(event([])), encoding="utf-8")
    (tmp_path / "output").write_text("", encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "RUNNER_TEMP": str(tmp_path),
           "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
           "GITHUB_EVENT_PATH": str(tmp_path / "event.json"), "GITHUB_OUTPUT": str(tmp_path / "output"),
           "PR_IMPACT_PYTHON": sys.executable,
           "PR_IMPACT_PATH": os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]]),
           "INPUT_GITHUB_TOKEN": TOKEN, "INPUT_CONFIG": ".github/pr-impact.yml", "INPUT_COMMENT": "true",
           "INPUT_LABEL": "true", "INPUT_DRY_RUN": "false", "INPUT_FAIL_ON_ERROR": "true", **gh.env(), **(extra or {})}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step("run")["run"]], env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def test_the_classify_step_runs_pr_impact_from_the_folders_the_install_step_names(
        gh: FakeGitHub, tmp_path: Path) -> None:
    """The action's folder and a folder of packages, and -S: nothing from the interpreter's own site-packages."""
    classify = step("run")
    assert classify["env"]["PR_IMPACT_PATH"] == "${{ steps.install.outputs.path }}"
    assert classify["env"]["PR_IMPACT_PYTHON"] == "${{ steps.install.outputs.python }}"
    proc = run_classify(gh, tmp_path, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert parse_outputs((tmp_path / "output").read_text(encoding="utf-8"))["impact"] == "user-facing"
    assert gh.state.issue_labels[12] == ["impact: user-facing"]


def hostile_workspace(folder: Path, marker: Path) -> Path:
    """A checked-out PR that shadows modules the steps import: each one, if imported, notes it in `marker`."""
    note = f"open({str(marker)!r}, 'a').write(__name__ + ' ')\n"
    for name in ("pr_impact/__init__.py", "pr_impact/__main__.py", "json.py", "pip.py", "venv.py", "re.py",
                 "os.py", "encodings/__init__.py", "sitecustomize.py"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(note, encoding="utf-8")
    return folder


def test_the_steps_never_import_code_from_the_workspace(gh: FakeGitHub, index: dict[str, Path],
                                                        tmp_path: Path) -> None:
    """A job that checked the PR out runs the Action in the PR's files, with a write token: the install step
    (pip's download of uv included) and the classify step run from that workspace, and neither imports a
    module it holds, even with PYTHONPATH pointing there (a step before may have set it in $GITHUB_ENV)."""
    marker = tmp_path / "imported"
    workspace = hostile_workspace(tmp_path / "workspace", marker)
    lock = f"demo-pkg==1.0 \\\n    --hash={sha256(index['demo 1.0'])}\n"
    proc, temp = run_install(tmp_path / "install", index, lock, cwd=workspace)  # no uv on PATH: pip runs
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert installed(temp) == {"demo_pkg", "demo_pkg-1.0.dist-info"}
    shadowing = {"PYTHONPATH": str(workspace), "PYTHONSTARTUP": str(workspace / "os.py")}
    proc = run_classify(gh, tmp_path, workspace, shadowing)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert gh.state.issue_labels[12] == ["impact: user-facing"]
    assert not marker.exists(), marker.read_text(encoding="utf-8")
