"""The files users run: action.yml, this repository's workflows, the starter workflow and the README example."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


def test_action_pins_the_uv_it_installs() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    installs = re.findall(r'/pip"? install [^\n]*', action)
    assert installs and all(re.search(r'"uv==\d+\.\d+\.\d+"', line) for line in installs), installs


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
