"""The digest's files users run: the action.yml inputs and outputs, and the starter workflow `init` writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from pr_impact.templates import STARTER_DIGEST_WORKFLOW

ROOT = Path(__file__).resolve().parent.parent


def load(text: str) -> dict:  # type: ignore[type-arg]
    data: dict = YAML(typ="safe", pure=True).load(text)  # type: ignore[type-arg]
    return data


def test_action_yml_passes_the_digest_inputs_and_exposes_the_report() -> None:
    action = load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["inputs"]["report-days"]["default"] == "7"
    for name in ("report-issue", "release-notes"):
        assert action["inputs"][name]["default"] == "false"
    env = next(step for step in action["runs"]["steps"] if step.get("id") == "run")["env"]
    for name in ("report-days", "report-issue", "release-notes"):
        assert env[f"INPUT_{name.upper().replace('-', '_')}"] == f"${{{{ inputs.{name} }}}}"
    assert action["outputs"]["report"]["value"] == "${{ steps.run.outputs.report }}"


def test_starter_digest_workflow_runs_weekly_on_demand_and_on_releases() -> None:
    workflow = load(STARTER_DIGEST_WORKFLOW)
    on = workflow["on"]
    assert on["schedule"][0]["cron"] and "workflow_dispatch" in on
    assert on["release"]["types"] == ["published", "released"]
    inputs = load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    for job in workflow["jobs"].values():
        assert job["timeout-minutes"] == 10
        [step] = job["steps"]
        assert set(step["with"]) <= set(inputs)


def test_init_offers_the_digest_workflow(tmp_path: Path) -> None:
    def init(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pr_impact", "init", *args], cwd=tmp_path, capture_output=True,
                              text=True, check=False)

    proc = init()
    assert proc.returncode == 0, proc.stderr
    digest = tmp_path / ".github/workflows/pr-impact-digest.yml"
    assert digest.read_text(encoding="utf-8") == STARTER_DIGEST_WORKFLOW
    digest.unlink()
    assert init("--force", "--no-digest").returncode == 0 and not digest.exists()
    refused = init("--force", "--no-workflow", "--digest")  # the digest workflow cannot come without the workflow
    assert refused.returncode == 2 and "--no-workflow" in refused.stderr and not digest.exists()
    assert init("--force", "--no-workflow").returncode == 0 and not digest.exists()


def test_readme_shows_the_starter_digest_workflow() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The digest (`pr-impact report`)", 1)[1].split("\n## ", 1)[0]
    assert f"```yaml\n{STARTER_DIGEST_WORKFLOW}```" in section
    assert "docs/digest.png" in section and (ROOT / "docs" / "digest.png").is_file()


def test_readme_events_name_every_event_the_action_handles() -> None:
    """The Events list said everything but pull_request was skipped, while the digest events are handled."""
    from pr_impact.commands.action import PR_EVENTS
    from pr_impact.commands.action_digest import RELEASE_ACTIONS
    from pr_impact.commands.action_io import DIGEST_EVENTS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    events = readme.split("- **Events.**", 1)[1].split("\n- **", 1)[0]
    for name in sorted(PR_EVENTS | DIGEST_EVENTS | {"workflow_run"} | RELEASE_ACTIONS):
        assert f"`{name}`" in events, name
    assert "Any other event" in events
