"""The writer's prompt as a product file: GitHub Models' .prompt.yml, shipped, with testData from our fixtures."""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML

from pr_impact.adapters.writer import SHIPPED_PROMPT
from pr_impact.core.conditions import CLASSES
from pr_impact.core.writer_prompt import VARIABLES, answer_schema

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "writer"


def doc() -> dict[str, object]:
    data: dict[str, object] = YAML(typ="safe").load(SHIPPED_PROMPT.read_text(encoding="utf-8"))
    return data


def test_it_is_in_github_models_format() -> None:
    data = doc()
    assert SHIPPED_PROMPT.name.endswith(".prompt.yml")
    assert set(data) == {"name", "description", "model", "modelParameters", "messages", "responseFormat",
                         "jsonSchema", "evaluators", "testData"}
    assert data["responseFormat"] == "json_schema"
    # GitHub Models reads jsonSchema as a JSON string holding `name`, `strict` and `schema`.
    assert isinstance(data["jsonSchema"], str) and json.loads(data["jsonSchema"]) == answer_schema()
    assert set(data["modelParameters"]) <= {"maxTokens", "temperature", "topP"}  # type: ignore[arg-type]


def test_its_test_data_is_one_request_per_fixture() -> None:
    fixtures = sorted(FIXTURES.glob("*.json"))
    entries = doc()["testData"]
    assert isinstance(entries, list) and len(entries) == len(fixtures) >= 4
    for path, entry in zip(fixtures, entries, strict=True):
        assert set(entry) == set(VARIABLES), path.name
        assert entry["title"] == json.loads(path.read_text())["pull_request"]["title"]
        assert entry["impact"] in CLASSES
    assert any("Ignore all previous instructions" in e["body"] for e in entries)  # the injection fixture


def test_the_package_ships_it() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"writer.prompt.yml"' in pyproject


def test_its_test_data_is_what_the_rules_say_today() -> None:
    """Each entry is exactly the request pr-impact builds for its fixture: a change to the rules that moves a reason
    or a runner-up must regenerate it (python scripts/gen_prompt_testdata.py), or the playground runs stale requests."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_prompt_testdata.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
