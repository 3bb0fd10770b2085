"""The files users run: action.yml, this repository's workflows, the starter workflow and the README example."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from ruamel.yaml import YAML

from pr_impact.templates import STARTER_WORKFLOW

ROOT = Path(__file__).resolve().parent.parent


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def readme_workflow() -> str:
    """The first workflow in the README's "The GitHub Action" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The GitHub Action", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_ci_tests_the_oldest_and_newest_supported_python() -> None:
    ci = load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert ci["jobs"]["test"]["strategy"]["matrix"]["python-version"] == ["3.11", "3.13"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11"' in pyproject


def test_every_pr_impact_workflow_job_has_a_timeout() -> None:
    texts = {
        "pr-impact.yml": (ROOT / ".github/workflows/pr-impact.yml").read_text(encoding="utf-8"),
        "STARTER_WORKFLOW": STARTER_WORKFLOW,
        "README": readme_workflow(),
    }
    for name, text in texts.items():
        jobs = load(text)["jobs"]
        assert all(job.get("timeout-minutes") == 10 for job in jobs.values()), name


def test_boolean_inputs_are_documented_as_true_or_false() -> None:
    action = load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for name in ("comment", "label", "dry-run", "fail-on-error"):
        assert action["inputs"][name]["default"] in ("true", "false")


# The Action's lock (lock/action.txt, lock/uv.txt): what scripts/lock.py writes and the install step installs.

@dataclass(frozen=True)
class Locked:
    """One requirement of a hashed lock file, with the packages its `# via` comment names."""

    requirement: Requirement
    hashes: tuple[str, ...]
    via: tuple[str, ...]


def parse_lock(text: str) -> list[Locked]:
    """The requirements of a `uv pip compile --generate-hashes` file, with their hashes and `# via` parents."""
    entries: list[Locked] = []
    lines = text.replace("\\\n", " ").splitlines()
    for k, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        spec, *hashes = re.split(r"\s+--hash=", line.strip())
        via = []
        for comment in lines[k + 1:]:
            if not comment.lstrip().startswith("#"):
                break
            via += [name.strip() for name in comment.strip("# ").removeprefix("via").split("\n") if name.strip()]
        entries.append(Locked(Requirement(spec), tuple(hashes), tuple(via)))
    return entries


def runtime_dependencies() -> list[Requirement]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return [Requirement(spec) for spec in tomllib.load(handle)["project"]["dependencies"]]


def disagreements(dependencies: list[Requirement], lock: list[Locked]) -> list[str]:
    """Every way the lock and pyproject.toml's runtime dependencies disagree (none when they agree)."""
    problems = []
    by_name: dict[str, list[Locked]] = {}
    for entry in lock:
        by_name.setdefault(canonicalize_name(entry.requirement.name), []).append(entry)
        pins = [spec for spec in entry.requirement.specifier if spec.operator == "=="]
        if len(pins) != 1 or len(entry.requirement.specifier) != 1:
            problems.append(f"{entry.requirement}: not pinned to one version with ==")
        if not entry.hashes or not all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in entry.hashes):
            problems.append(f"{entry.requirement}: no sha256 hash")
    for dependency in dependencies:
        locked = by_name.get(canonicalize_name(dependency.name), [])
        versions = [next(iter(e.requirement.specifier)).version for e in locked]
        if not locked or not all(dependency.specifier.contains(v, prereleases=True) for v in versions):
            problems.append(f"{dependency}: locked as {versions or 'nothing'}")
    direct = {name for name, entries in by_name.items()
              if any(v == "pr-impact (pyproject.toml)" for e in entries for v in e.via)}
    if direct != {canonicalize_name(d.name) for d in dependencies}:
        problems.append(f"locked as pr-impact's own dependencies: {sorted(direct)}")
    needed, grew = set(direct), True
    while grew:  # everything some needed package needs
        grew = False
        for name, entries in by_name.items():
            if name not in needed and any(canonicalize_name(v) in needed for e in entries for v in e.via):
                needed.add(name)
                grew = True
    problems += [f"{name}: locked but nothing needs it" for name in sorted(set(by_name) - needed)]
    return problems


def action_lock() -> list[Locked]:
    return parse_lock((ROOT / "lock/action.txt").read_text(encoding="utf-8"))


def test_the_action_lock_agrees_with_pyproject() -> None:
    assert disagreements(runtime_dependencies(), action_lock()) == []


def test_a_lock_that_disagrees_with_pyproject_is_caught() -> None:
    dependencies, lock = runtime_dependencies(), action_lock()
    pygithub = next(e for e in lock if e.requirement.name == "pygithub")
    cases = {
        "version out of range": [Requirement("PyGithub>=99") if d.name == "PyGithub" else d for d in dependencies],
        "dependency not locked": [*dependencies, Requirement("rich-click>=1")],
    }
    for name, changed in cases.items():
        assert disagreements(changed, lock), name
    others = [e for e in lock if e is not pygithub]
    unhashed = Locked(pygithub.requirement, (), pygithub.via)
    unpinned = Locked(Requirement("pygithub>=2.3"), pygithub.hashes, pygithub.via)
    extra = Locked(Requirement("pytest==9.0.0"), pygithub.hashes, ("pr-impact (pyproject.toml)",))
    stray = Locked(Requirement("six==1.17.0"), pygithub.hashes, ())
    for lock_case in ([*others, unhashed], [*others, unpinned], [*lock, extra], [*lock, stray], others):
        assert disagreements(dependencies, lock_case), lock_case[-1]


def test_the_uv_lock_pins_only_the_uv_the_step_fetches() -> None:
    [entry] = parse_lock((ROOT / "lock/uv.txt").read_text(encoding="utf-8"))
    wanted = Requirement(next(line for line in (ROOT / "lock/uv.in").read_text(encoding="utf-8").splitlines()
                              if line and not line.startswith("#")))
    assert (entry.requirement.name, entry.requirement.specifier) == (wanted.name, wanted.specifier)
    assert len(entry.hashes) > 1  # one per platform's wheel


def test_the_readme_says_how_to_refresh_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python scripts/lock.py --upgrade" in readme
    assert "python scripts/lock.py" in (ROOT / "lock/action.txt").read_text(encoding="utf-8").splitlines()[1]


def imported_distributions() -> set[str]:
    """The distributions whose modules pr_impact imports (its own and the standard library's aside)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    found: set[str] = set()
    for path in (ROOT / "pr_impact").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            for top in {name.partition(".")[0] for name in names}:
                if top != "pr_impact" and top not in sys.stdlib_module_names:
                    found.update(canonicalize_name(d) for d in owners.get(top, [top]))
    return found


def test_every_library_pr_impact_imports_is_a_declared_dependency() -> None:
    """A library imported only because another dependency happens to bring it breaks when that one stops."""
    declared = {canonicalize_name(d.name) for d in runtime_dependencies()}
    assert imported_distributions() - declared == set()
