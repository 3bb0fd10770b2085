"""The JSON renderer: one inert line per verdict that still decodes to the author's exact text."""

from __future__ import annotations

import json

from pr_impact.adapters.config_file import default_config
from pr_impact.core.engine import classify
from pr_impact.core.model import FileChange, PullRequest
from pr_impact.render.json_out import render_json


def test_legacy_workflow_commands_are_inert_but_the_data_is_unchanged() -> None:
    title = "x ##[set-output name=impact;]internal"
    line = render_json(classify(PullRequest(title=title, files=(FileChange("src/a.py"),)), default_config()))
    assert "##[" not in line and line.count("\n") == 1
    assert json.loads(line)["title"] == title


def test_heads_up_travel_with_the_verdict() -> None:
    pr = PullRequest(title="perf: p95 1.4s → 0.8s", files=(FileChange("db/migrations/001_add.sql", additions=3),))
    verdict = classify(pr, default_config())
    data = json.loads(render_json(verdict))
    assert {h["kind"] for h in data["heads_up"]} >= {"migration", "performance"}
    assert data["heads_up"] == verdict.to_dict()["heads_up"]
